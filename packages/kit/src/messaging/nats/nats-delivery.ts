import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { EventHandler, GroupSettings } from '../bus.ts';
import type { Failure } from '../dead-letters.ts';
import { GAVE_UP, handlerFailed, logGivingUp, type Persisting, persistently, retryInMs } from '../delivery-failures.ts';
import type { Envelope } from '../envelope.ts';
import type { NatsDeadLetterStore } from './nats-dead-letters.ts';
import { DEAD_LETTER_HEADER, REPLAY_REQUEST_HEADER, typeTokenOf } from './nats-names.ts';
import type { SubjectLocks } from './subject-locks.ts';

/** What one member needs to take a message from the server through its handler to an ack, nak or term. */
export interface MessageContext {
  group: string;
  /** Carries the group already (a child logger with `group`). */
  logger: Logger;
  settings: GroupSettings;
  /** The type tokens the group takes; others sharing a partition filter (NATS 2.9) are passed over. */
  wanted: ReadonlySet<string>;
  deadLetters: NatsDeadLetterStore;
  /** Shared by the members of one group in this process. */
  locks: SubjectLocks;
  handler: EventHandler;
  /** How long the server waits for an ack; a slow handler says it is still working well within it. */
  ackWaitMs: number;
  bookkeeping: Persisting;
  /** False once the member is leaving. */
  taking(): boolean;
}

/**
 * Handles one message and settles it: ack when handled (or not the group's), nak with the backoff's delay
 * to retry, term once dead-lettered. `attempt` is the server's delivery count.
 */
export async function deliverMessage(context: MessageContext, message: JsMsg, isReplay: boolean): Promise<void> {
  if (!context.taking()) {
    message.nak(); // leaving: another member (or the next start) takes it now, not after ack_wait
    return;
  }
  if (!isReplay && !context.wanted.has(typeTokenOf(message.subject) ?? '')) {
    message.ack(); // another type sharing the partition filter (NATS 2.9): passed over, like the embedded bus
    return;
  }
  const attempt = message.info.deliveryCount;
  const event = envelopeOf(message);
  if (!event) {
    const failure = {
      message: `stream message ${message.seq} is not a Mosaic event envelope`,
      stack: null,
      final: true,
    };
    await giveUp(context, message, unreadable(message), failure, attempt);
    return;
  }
  let deadLetterId: string | undefined;
  if (isReplay) {
    deadLetterId = await replayToRun(context, message);
    if (deadLetterId === undefined) return;
  }
  const failure = await context.locks.run(event.subject, () => handle(context, message, event, attempt));
  if (!failure) {
    await handled(context, message, deadLetterId);
    return;
  }
  const { maxAttempts, backoff } = context.settings;
  const retryIn = retryInMs(attempt, maxAttempts, backoff, failure);
  if (retryIn !== undefined) {
    message.nak(retryIn);
    return;
  }
  if (deadLetterId !== undefined) await replayFailed(context, message, deadLetterId, failure, attempt);
  else await giveUp(context, message, event, failure, attempt);
}

/**
 * The dead letter a replay message hands back, when it still waits for this replay; otherwise the message
 * is settled here (nak: could not read the entry, the member is leaving; ack: already replayed, or a stale
 * request) and undefined comes back.
 */
async function replayToRun(context: MessageContext, message: JsMsg): Promise<string | undefined> {
  const { group, logger, deadLetters, bookkeeping } = context;
  const id = message.headers?.get(DEAD_LETTER_HEADER) ?? '';
  const requested = message.headers?.get(REPLAY_REQUEST_HEADER) ?? '';
  const entry = await persistently(logger, `read dead letter ${id}`, () => deadLetters.get(group, id), bookkeeping);
  if (entry === GAVE_UP) {
    message.nak();
    return undefined;
  }
  if (!entry || entry.replayedAt !== null || entry.replayRequestedAt !== requested) {
    message.ack();
    return undefined;
  }
  return id;
}

async function handle(
  context: MessageContext,
  message: JsMsg,
  event: Envelope,
  attempt: number,
): Promise<Failure | undefined> {
  const { group, logger, settings } = context;
  // Tell the server we are still on it, so a slow handler is not redelivered to another replica meanwhile.
  const working = setInterval(() => message.working(), Math.max(500, context.ackWaitMs / 3));
  try {
    await context.handler(event, { attempt });
    return undefined;
  } catch (thrown) {
    return handlerFailed(logger, group, event, attempt, settings.maxAttempts, thrown);
  } finally {
    clearInterval(working);
  }
}

/** Acks a handled message; a replay is first marked done in its dead letter (nak if that cannot be recorded). */
async function handled(context: MessageContext, message: JsMsg, deadLetterId: string | undefined): Promise<void> {
  const { group, logger, deadLetters, bookkeeping } = context;
  const id = deadLetterId;
  if (
    id !== undefined &&
    (await persistently(logger, `the replay of ${id}`, () => deadLetters.markReplayed(group, id), bookkeeping)) ===
      GAVE_UP
  ) {
    message.nak();
    return;
  }
  message.ack();
}

/** A replay out of attempts: its dead letter stays un-replayed, with the new error. */
async function replayFailed(
  context: MessageContext,
  message: JsMsg,
  id: string,
  failure: Failure,
  attempts: number,
): Promise<void> {
  const { group, logger, deadLetters, bookkeeping } = context;
  const recorded = await persistently(
    logger,
    `the failed replay of ${id}`,
    () => deadLetters.recordReplayFailure(group, id, failure, attempts),
    bookkeeping,
  );
  if (recorded === GAVE_UP) message.nak();
  else message.term();
}

/** Records the dead letter, then terminates the message so the partition moves on. */
async function giveUp(
  context: MessageContext,
  message: JsMsg,
  event: Envelope,
  failure: Failure,
  attempts: number,
): Promise<void> {
  const { group, logger, deadLetters, bookkeeping } = context;
  logGivingUp(logger, group, event, attempts, failure);
  const recorded = await persistently(
    logger,
    `the dead letter of ${event.id}`,
    () => deadLetters.record(group, event, failure, attempts),
    bookkeeping,
  );
  // Not recorded (leaving): it stays unacknowledged and comes back, so nothing is dropped.
  if (recorded === GAVE_UP) message.nak();
  else message.term();
}

function envelopeOf(message: JsMsg): Envelope | undefined {
  try {
    const value = message.json<Partial<Envelope>>();
    if (typeof value.id === 'string' && typeof value.type === 'string' && typeof value.subject === 'string') {
      return value as Envelope;
    }
  } catch {
    // not JSON: handled as unreadable below
  }
  return undefined;
}

/** Something published to the bus's subjects that is not an envelope: kept in the DLQ as text, never lost. */
function unreadable(message: JsMsg): Envelope {
  return {
    id: message.headers?.get('Nats-Msg-Id') || `stream-seq-${message.seq}`,
    type: typeTokenOf(message.subject) ?? 'unknown',
    source: 'unknown',
    subject: '',
    time: message.time.toISOString(),
    dataVersion: 0,
    data: message.string(),
  };
}
