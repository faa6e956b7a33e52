import type { Kysely } from 'kysely';
import type { Envelope } from '../messaging/envelope.ts';
import type { Saga } from './define.ts';
import { type SagaTables, sagaRecords } from './store.ts';

/** How the owner keeps a saga: what it does when a step takes longer than its timeout. */
export interface SagaKeeping<Ctx> {
  readonly saga: Saga;
  /** The current step of `subject` is past its timeout (order: its payment request died, so the order fails). */
  timedOut?(ctx: Ctx, subject: string, step: string): Promise<unknown>;
}

/** The owner keeps `saga`; `timedOut` says what to do when one of its steps takes too long. */
export function keeps<Ctx>(saga: Saga, options: Omit<SagaKeeping<Ctx>, 'saga'> = {}): SagaKeeping<Ctx> {
  return { saga, ...options };
}

export const sagaGroup = (owner: string, saga: Saga) => `${owner}.saga.${saga.name}`;

/** Records one event of the saga in the owner's database (the owner's saga group calls it for each). */
export function recordSagaEvent(db: Kysely<SagaTables>, saga: Saga, event: Envelope, now: Date): Promise<void> {
  const seen = { type: event.type, id: event.id, time: event.time };
  return sagaRecords(db, saga).record(event.subject, seen, now.toISOString());
}

/**
 * One round of the timeout sweep: the owner is told of each instance whose current step is overdue, once per
 * step; a handler that fails is asked again next round.
 */
export async function sweepTimeouts<Ctx>(
  db: Kysely<SagaTables>,
  keeping: SagaKeeping<Ctx>,
  ctx: Ctx & { clock: () => Date },
): Promise<number> {
  if (!keeping.timedOut) return 0;
  const records = sagaRecords(db, keeping.saga);
  const overdue = await records.overdue(ctx.clock().toISOString(), 100);
  for (const { subject, step } of overdue) {
    await keeping.timedOut(ctx, subject, step);
    await records.markTimedOut(subject, step, ctx.clock().toISOString());
  }
  return overdue.length;
}

/** How often an owner looks for overdue steps: a quarter of the shortest timeout, at most every 15 s. */
export function sweepIntervalMs(saga: Saga): number | undefined {
  const timeouts = saga.steps.flatMap((s) => (s.timeoutMs ? [s.timeoutMs] : []));
  if (timeouts.length === 0) return undefined;
  return Math.max(50, Math.min(15_000, Math.floor(Math.min(...timeouts) / 4)));
}
