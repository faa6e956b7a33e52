/**
 * The result of a domain decision: the new state and the events it raises, or a refusal with a reason.
 * Aggregates return decisions instead of throwing so use cases can map a refusal to a 409 without catching.
 */
export type Decision<S, E> = { ok: true; state: S; events: E[] } | { ok: false; reason: string; message: string };

export function accept<S, E>(state: S, ...events: E[]): Decision<S, E> {
  return { ok: true, state, events };
}

export function reject<S = never, E = never>(reason: string, message: string): Decision<S, E> {
  return { ok: false, reason, message };
}

/** A domain event before it is wrapped in an envelope: the aggregate names it and its correlation key. */
export interface DomainEvent<T = unknown> {
  type: string;
  subject: string;
  data: T;
  dataVersion?: number;
}
