import { UnhandleableEvent } from './events.ts';

// What both buses keep about an event a group gave up on. The entries themselves (DeadLetter, DeadLetters)
// are the port's, in bus.ts; where they are stored is each adapter's (embedded: a table, NATS: a KV bucket).

/** What a handler threw, reduced to what an operator needs to read. */
export interface Failure {
  message: string;
  stack: string | null;
  /** No retry can help (the event's data breaks its schema): dead-letter it at once. */
  final: boolean;
}

export function failureOf(thrown: unknown): Failure {
  if (thrown instanceof Error) {
    const final = thrown instanceof UnhandleableEvent;
    return { message: thrown.message || thrown.name, stack: final ? null : (thrown.stack ?? null), final };
  }
  return { message: `handler threw a non-Error value: ${String(thrown)}`, stack: null, final: false };
}
