import type { Logger } from '../observability/logger.ts';
import { type Backoff, defaultBackoff, retryDelay } from './backoff.ts';
import { type Failure, failureOf } from './dead-letters.ts';
import type { Envelope } from './envelope.ts';

// What both buses do when a group's handler fails, written once: the embedded group consumer and the NATS
// group member differ in how they wait (a timer, a nak with delay) and where a dead letter goes, not in the
// rule. The loggers passed in carry the group already (a child logger with `group`).

/** Logs a handler's failure with its attempt, and returns it as a dead letter would record it. */
export function handlerFailed(
  logger: Logger,
  group: string,
  event: Envelope,
  attempt: number,
  maxAttempts: number,
  thrown: unknown,
): Failure {
  logger.warn(
    { eventId: event.id, type: event.type, subject: event.subject, attempt, maxAttempts, err: thrown },
    `handler of group ${group} failed on ${event.type} (attempt ${attempt} of ${maxAttempts})`,
  );
  return failureOf(thrown);
}

/**
 * After failed attempt `attempt`: wait this long and try again, or undefined when it is time to dead-letter
 * (out of attempts, or a failure no retry can help).
 */
export function retryInMs(
  attempt: number,
  maxAttempts: number,
  backoff: Backoff,
  failure: Failure,
): number | undefined {
  return attempt < maxAttempts && !failure.final ? retryDelay(attempt, backoff) : undefined;
}

/** The line that says an event is being dead-lettered. */
export function logGivingUp(logger: Logger, group: string, event: Envelope, attempts: number, failure: Failure): void {
  logger.error(
    { eventId: event.id, type: event.type, subject: event.subject, attempts, error: failure.message },
    `group ${group} gave up on ${event.type} ${event.id} after ${attempts} attempts: dead-lettered`,
  );
}

export const GAVE_UP = Symbol('gave up');

/** How a consumer waits between bookkeeping tries, and whether it still wants to. */
export interface Persisting {
  /** False once the consumer is stopping. */
  keepTrying(): boolean;
  /** The consumer's own wait, which its stop may cut short. */
  wait(ms: number): Promise<void>;
}

/**
 * Retries a bookkeeping call (a dead letter, a replay mark) until it works, 100 ms doubling to 5 s between
 * tries. It gives up only when the consumer stops; the work then stays unfinished and comes back.
 */
export async function persistently<T>(
  logger: Logger,
  what: string,
  work: () => Promise<T>,
  consumer: Persisting,
): Promise<T | typeof GAVE_UP> {
  for (let n = 1; ; n++) {
    try {
      return await work();
    } catch (err) {
      logger.error({ err }, `could not record ${what}; retrying`);
      if (!consumer.keepTrying()) return GAVE_UP;
      await consumer.wait(retryDelay(n, defaultBackoff));
      if (!consumer.keepTrying()) return GAVE_UP;
    }
  }
}
