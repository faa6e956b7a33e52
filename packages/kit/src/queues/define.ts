import type { Tx } from '../store/store.ts';
import { checkQueueSpec, type Lease, type QueueMessage, type QueueSpec } from './queues.ts';

/**
 * A queue a service works, as it declares it in its `defineService({ queues: { restock: {...} } })`: the queue's
 * settings and its handler. The queue's name is its key.
 */
export interface QueueWorker<Ctx> {
  /** How long a received message stays hidden from other workers; must outlast the handler's deadline. */
  visibilityTimeoutMs: number;
  /** Receives before the message goes to the queue's dead letters with its last error. */
  maxReceives: number;
  /** Handlers at once in each instance of the service. Default 1. */
  concurrency?: number;
  /**
   * The handler's deadline: past it, the kit aborts `lease.signal`, counts the receive as failed and makes the
   * message visible again. Default: 80% of the visibility timeout (none with `heartbeat`).
   */
  handlerTimeoutMs?: number;
  /**
   * The kit extends the lease every third of the visibility timeout while the handler runs, so a handler may
   * outlast the visibility timeout without the message being handed to a second worker. Without it, a
   * visibility timeout not longer than the handler's deadline is refused at start-up.
   */
  heartbeat?: boolean;
  /**
   * Does the work. Resolving acknowledges the message; throwing makes it visible again (dead-lettered after
   * `maxReceives`). Delivery is at least once: make the effects idempotent (`handleMessageOnce` for database writes).
   */
  handle(message: QueueMessage, ctx: Ctx, lease: Lease): Promise<void>;
}

/** Sends to one queue of the system (`ctx.queues.restock.send(...)`). */
/** The part of a store transaction a sender uses: its outbox (any service's tables will do). */
export type OutboxTx = Pick<Tx<unknown>, 'publish'>;

export interface QueueSender {
  /**
   * Sends `body` (JSON). With `tx` the message is written in that store transaction and sent after it commits
   * (if, and only if, it commits); without, it is sent now — never without `tx` inside a transaction. A
   * `dedupeKey` sent within the last two minutes is dropped. Resolves the message id.
   */
  send(body: unknown, options?: { dedupeKey?: string; tx?: OutboxTx }): Promise<string>;
}

/** The deadline the kit holds a handler to, or undefined when it has none (heartbeat without a timeout). */
export function handlerDeadlineMs(worker: QueueWorker<unknown>): number | undefined {
  if (worker.handlerTimeoutMs !== undefined) return worker.handlerTimeoutMs;
  return worker.heartbeat ? undefined : Math.floor(worker.visibilityTimeoutMs * 0.8);
}

/**
 * Refuses a queue whose messages would be handed to a second worker while the first still works on them (the
 * donut seed's bug: a 5 s visibility timeout against a 20 s worker, 52 dead letters instead of 5).
 */
export function checkQueueWorker(owner: string, name: string, worker: QueueWorker<never>): QueueSpec {
  const spec = { name, visibilityTimeoutMs: worker.visibilityTimeoutMs, maxReceives: worker.maxReceives };
  try {
    checkQueueSpec(spec);
  } catch (error) {
    throw new Error(`${owner}: ${(error as Error).message}`);
  }
  const { concurrency = 1, handlerTimeoutMs } = worker;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`${owner} queue ${name}: concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
  if (handlerTimeoutMs !== undefined && !(Number.isInteger(handlerTimeoutMs) && handlerTimeoutMs > 0)) {
    throw new Error(`${owner} queue ${name}: handlerTimeoutMs must be a whole number of ms > 0`);
  }
  if (!worker.heartbeat && handlerTimeoutMs !== undefined && worker.visibilityTimeoutMs <= handlerTimeoutMs) {
    throw new Error(
      `${owner} queue ${name}: its visibility timeout (${worker.visibilityTimeoutMs} ms) is not longer than its ` +
        `handler's deadline (${handlerTimeoutMs} ms), so a message would be handed to a second worker while the ` +
        'first still works on it; make visibilityTimeoutMs longer than handlerTimeoutMs (AWS advises 6×), or set ' +
        '`heartbeat: true` so the kit extends the lease while the handler works',
    );
  }
  return spec;
}
