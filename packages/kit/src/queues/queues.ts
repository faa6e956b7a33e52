/**
 * Port: work queues with SQS semantics (DESIGN §4), for jobs rather than facts. A message is leased to one
 * worker for the queue's visibility timeout; acknowledged, it is gone; failed (visible again after a backoff,
 * `retryDelayMs`) or not acknowledged in time (the worker crashed or is stuck: visible again at once); received `maxReceives` times without success, it moves to
 * the queue's dead letters with its last error, from where an operator redrives it. Delivery is at least once:
 * a handler's effects must be idempotent (`handleMessageOnce` for its database writes).
 *
 * Adapters: embedded/ (rows in the system's PGlite), nats/ (a JetStream work-queue stream per queue).
 */
export interface WorkQueues {
  /** Creates the queue if missing, or brings its settings up to date. Idempotent; every sender and worker calls it. */
  declare(spec: QueueSpec): Promise<void>;
  /**
   * Stores the messages durably. A message whose `dedupeKey` (default: its id) was sent to the same queue within
   * the last `DEDUPE_WINDOW_MS` is dropped, so a retried send (the outbox relay after a crash) enqueues once.
   */
  send(queue: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /**
   * Hands messages to `handler`, at most `concurrency` at once in this consumer. Resolving acknowledges the
   * message (unless its lease was lost meanwhile: then it stays with whoever holds it now); throwing makes it
   * visible again after `retryDelayMs`, or dead-letters it with the error when it was its last receive.
   */
  consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer>;
  /** The queues declared so far, by name. */
  declared(): Promise<QueueSpec[]>;
  stats(queue: string): Promise<QueueStats>;
  /** Messages waiting or in flight, oldest first, without leasing them. */
  peek(queue: string, limit?: number): Promise<PeekedMessage[]>;
  deadLetters(queue: string, limit?: number): Promise<QueueDeadLetter[]>;
  /** Moves dead letters (all, or those named) back to the queue with a fresh receive count; resolves how many. */
  redrive(queue: string, ids?: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/** How long a dedupe key (or a message id) is remembered by `send`. */
export const DEDUPE_WINDOW_MS = 120_000;

export interface QueueSpec {
  name: string;
  visibilityTimeoutMs: number;
  maxReceives: number;
}

/** The first wait after a failed receive; it doubles with each receive, up to the visibility timeout. */
const FIRST_RETRY_DELAY_MS = 500;

/**
 * How long a message that failed its `receives`-th receive waits before it is visible again. Not at once: a
 * worker whose dependency is down (its breaker open for a moment) would burn every receive in milliseconds and
 * dead-letter the message without the dependency ever being tried again; SQS waits out the visibility timeout.
 */
export function retryDelayMs(spec: QueueSpec, receives: number): number {
  return Math.min(spec.visibilityTimeoutMs, FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, receives - 1));
}

export interface OutgoingMessage {
  /** UUIDv7 (time-ordered). */
  id: string;
  body: unknown;
  dedupeKey?: string;
  sentAt: string;
  traceparent?: string;
}

export interface QueueMessage<B = unknown> {
  id: string;
  queue: string;
  body: B;
  /** 1 for the first receive. */
  receives: number;
  sentAt: string;
  traceparent?: string;
}

/** The worker's hold on one message. */
export interface Lease {
  /** When the message becomes visible to other workers unless acknowledged or extended. */
  readonly expiresAt: Date;
  /** Aborted when the kit gave up on the handler (its deadline passed): stop and leave the message. */
  readonly signal: AbortSignal;
  /** Keeps the message for another full visibility timeout from now (a heartbeat while the work goes on). */
  extend(): Promise<void>;
}

export type QueueHandler = (message: QueueMessage, lease: Lease) => Promise<void>;

export interface ConsumeOptions {
  /** Handlers running at once in this consumer. */
  concurrency: number;
}

export interface QueueConsumer {
  /** Stops taking messages and waits for the handlers in flight. */
  stop(): Promise<void>;
}

export interface QueueStats {
  queue: string;
  /** Messages waiting to be received (visible now or after a failure). */
  depth: number;
  /** Messages leased to a worker right now. */
  inFlight: number;
  /** Age of the oldest message waiting or in flight; 0 when there is none. */
  oldestAgeMs: number;
  deadLetters: number;
}

export interface PeekedMessage {
  id: string;
  body: unknown;
  receives: number;
  sentAt: string;
  inFlight: boolean;
}

export interface QueueDeadLetter {
  id: string;
  queue: string;
  body: unknown;
  /** The last receive's error, or why its lease ran out. */
  error: string;
  receives: number;
  sentAt: string;
  failedAt: string;
}

/** Checks a queue's settings; the message says what to change. */
export function checkQueueSpec(spec: QueueSpec): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(spec.name)) {
    throw new Error(`queue name ${JSON.stringify(spec.name)} must be lowercase letters, digits and dashes`);
  }
  if (!Number.isInteger(spec.visibilityTimeoutMs) || spec.visibilityTimeoutMs < 10) {
    throw new Error(`queue ${spec.name}: visibilityTimeoutMs must be a whole number of ms ≥ 10`);
  }
  if (!Number.isInteger(spec.maxReceives) || spec.maxReceives < 1) {
    throw new Error(`queue ${spec.name}: maxReceives must be a whole number ≥ 1`);
  }
}

/** The error a dead letter records when its last lease ran out instead of ending in an error. */
export function leaseExpiredError(spec: QueueSpec, receives: number): string {
  return `not acknowledged within the visibility timeout of ${spec.visibilityTimeoutMs} ms on receive ${receives} of ${spec.maxReceives} (the worker crashed or was too slow)`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
