import type { Saga } from './define.ts';

/** One event as the saga saw it. */
export interface SagaEvent {
  readonly type: string;
  readonly id: string;
  /** When it was published. */
  readonly time: string;
}

export const SAGA_STATUSES = ['running', 'completed', 'compensating', 'compensated'] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

/** Where one instance of a saga stands, derived from the events it has seen. */
export interface SagaState {
  readonly status: SagaStatus;
  /** The step under way (running), or the last step reached. */
  readonly step: string;
  /** Steps done, in order. */
  readonly done: readonly string[];
  /** Compensations still awaited (compensating). */
  readonly awaiting: readonly string[];
  /** When the current step must be done by, if it has a timeout. */
  readonly deadline: string | undefined;
}

/**
 * The pure rule, independent of the order events arrive in (each participant relays on its own): a saga is
 * completed when its last step is done; once cancelled, it awaits the compensation of every step that was
 * done or had started, and is compensated when all have arrived.
 */
export function sagaState(saga: Saga, events: readonly SagaEvent[]): SagaState {
  const seen = new Map<string, SagaEvent>();
  for (const event of events) if (!seen.has(event.type)) seen.set(event.type, event);
  const done = saga.steps.filter((s) => seen.has(s.done)).map((s) => s.name);
  const reached = saga.steps.findLast((s) => seen.has(s.done) || seen.has(s.on) || (s.started && seen.has(s.started)));
  if (seen.has(saga.cancelledBy)) {
    const awaiting = saga.steps
      .filter((s) => s.compensate && (seen.has(s.done) || (s.started && seen.has(s.started))))
      .filter((s) => !seen.has(s.compensate!))
      .map((s) => s.compensate!);
    const status = awaiting.length > 0 ? 'compensating' : 'compensated';
    return { status, step: reached?.name ?? saga.steps[0]!.name, done, awaiting, deadline: undefined };
  }
  const last = saga.steps[saga.steps.length - 1]!;
  if (seen.has(last.done)) return { status: 'completed', step: last.name, done, awaiting: [], deadline: undefined };
  const current = saga.steps.find((s) => !seen.has(s.done))!;
  const began = seen.get(current.on);
  const deadline =
    current.timeoutMs && began ? new Date(Date.parse(began.time) + current.timeoutMs).toISOString() : undefined;
  return { status: 'running', step: current.name, done, awaiting: [], deadline };
}
