import type { Logger } from 'pino';
import type { EventHandler, GroupSettings } from '../bus.ts';
import type { Failure } from '../dead-letters.ts';
import { GAVE_UP, handlerFailed, logGivingUp, type Persisting, persistently, retryInMs } from '../delivery-failures.ts';
import type { BusDb } from './bus-tables.ts';
import { markReplayed, recordDeadLetter, recordReplayFailure } from './dead-letter-store.ts';
import type { Work } from './subject-queues.ts';

/**
 * What became of one try. `finished`: handled, or dead-lettered and recorded. `retry`: failed, try again
 * after `inMs`. `unfinished`: the group stopped before its bookkeeping was recorded, so the work stays
 * where it is and is read again from the log on the next start.
 */
export type Outcome = { kind: 'finished' } | { kind: 'retry'; inMs: number } | { kind: 'unfinished' };

export interface DeliveryContext {
  db: BusDb;
  group: string;
  /** Carries the group already (a child logger with `group`). */
  logger: Logger;
  settings: GroupSettings;
  /** Bookkeeping retries while the group runs; the embedded group waits with a plain timer. */
  bookkeeping: Persisting;
}

const FINISHED: Outcome = { kind: 'finished' };
const UNFINISHED: Outcome = { kind: 'unfinished' };

/** Hands one unit of work to a member's handler and records the result; the caller moves the queues on. */
export async function deliverWork(context: DeliveryContext, work: Work, handler: EventHandler): Promise<Outcome> {
  const { group, logger, settings } = context;
  let failure: Failure | undefined;
  try {
    await handler(work.event, { attempt: work.attempt });
  } catch (thrown) {
    failure = handlerFailed(logger, group, work.event, work.attempt, settings.maxAttempts, thrown);
  }
  if (!failure) return work.kind === 'replay' ? replayHandled(context, work.deadLetterId) : FINISHED;
  const retryIn = retryInMs(work.attempt, settings.maxAttempts, settings.backoff, failure);
  if (retryIn !== undefined) return { kind: 'retry', inMs: retryIn };
  return giveUp(context, work, failure);
}

async function replayHandled(context: DeliveryContext, id: string): Promise<Outcome> {
  const { db, logger, bookkeeping } = context;
  const marked = await persistently(logger, `the replay of dead letter ${id}`, () => markReplayed(db, id), bookkeeping);
  return marked === GAVE_UP ? UNFINISHED : FINISHED;
}

/** Out of attempts: a log event becomes a dead letter, a failed replay updates the one it came from. */
async function giveUp(context: DeliveryContext, work: Work, failure: Failure): Promise<Outcome> {
  const { db, group, logger, bookkeeping } = context;
  const attempts = work.attempt;
  logGivingUp(logger, group, work.event, attempts, failure);
  const recorded =
    work.kind === 'log'
      ? await persistently(
          logger,
          `the dead letter of ${work.event.id}`,
          () => recordDeadLetter(db, group, work.event, failure, attempts),
          bookkeeping,
        )
      : await persistently(
          logger,
          `the failed replay of dead letter ${work.deadLetterId}`,
          () => recordReplayFailure(db, work.deadLetterId, failure, attempts),
          bookkeeping,
        );
  // Given up (the group stops): the work stays unfinished and is read again from the log on the next start.
  return recorded === GAVE_UP ? UNFINISHED : FINISHED;
}
