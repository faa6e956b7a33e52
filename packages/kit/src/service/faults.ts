import type { Envelope } from '../messaging/envelope.ts';

/**
 * Failures a test (or a chaos drill) injects into a running service: slow or failing HTTP, failing event
 * handlers. Empty in production; read on every request, so changes apply at once.
 */
export interface Faults {
  /** Each request waits a random time in [min, max] ms before it is handled. */
  latencyMs?: readonly [number, number];
  /** Each request is answered with this status instead of being handled. */
  failWith?: number;
  /** Called before each event handler; throw to make the handler fail. */
  beforeEvent?: (event: Envelope, group: string) => void;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function randomBetween([min, max]: readonly [number, number]): number {
  return min + Math.random() * (max - min);
}
