import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { runWithWork } from '../observability/context.ts';
import { inConsumerSpan } from '../observability/message-spans.ts';
import { checkQueueWorker, handlerDeadlineMs, type QueueWorker } from './define.ts';
import type { Lease, QueueConsumer, QueueMessage, WorkQueues } from './queues.ts';

/** Thrown into the receive when a handler outlives its deadline: the receive counts as failed. */
export class HandlerDeadlineExceeded extends Error {
  constructor(queue: string, ms: number) {
    super(`the handler of queue ${queue} did not finish within its deadline of ${ms} ms`);
    this.name = 'HandlerDeadlineExceeded';
  }
}

/**
 * Declares each queue the service works and starts its workers: each handler runs in the message's trace, under
 * its deadline, with the lease extended every third of the visibility timeout when the queue asks for a heartbeat.
 */
export async function startQueueWorkers<Ctx>(
  owner: string,
  workers: Readonly<Record<string, QueueWorker<Ctx>>>,
  queues: WorkQueues,
  ctx: Ctx,
  logger: Logger,
  tracer: Tracer,
): Promise<QueueConsumer[]> {
  const started: QueueConsumer[] = [];
  try {
    for (const [name, worker] of Object.entries(workers)) {
      const spec = checkQueueWorker(owner, name, worker as QueueWorker<never>);
      await queues.declare(spec);
      const deadlineMs = handlerDeadlineMs(worker as QueueWorker<unknown>);
      const heartbeatMs = worker.heartbeat ? Math.max(5, Math.floor(spec.visibilityTimeoutMs / 3)) : undefined;
      const queueLogger = logger.child({ queue: name });
      started.push(
        await queues.consume(name, { concurrency: worker.concurrency ?? 1 }, (message, lease) =>
          runWithWork({ requestId: message.id }, () =>
            inConsumerSpan(
              tracer,
              `receive ${name}`,
              message.traceparent,
              {
                'messaging.operation.type': 'process',
                'messaging.destination.name': name,
                'messaging.message.id': message.id,
                'mosaic.receives': message.receives,
              },
              () => runHandler(worker, message, ctx, lease, { deadlineMs, heartbeatMs, logger: queueLogger }),
            ),
          ),
        ),
      );
    }
  } catch (error) {
    await Promise.all(started.map((c) => c.stop()));
    throw error;
  }
  return started;
}

async function runHandler<Ctx>(
  worker: QueueWorker<Ctx>,
  message: QueueMessage,
  ctx: Ctx,
  lease: Lease,
  options: { deadlineMs: number | undefined; heartbeatMs: number | undefined; logger: Logger },
): Promise<void> {
  const abort = new AbortController();
  // The handler sees one signal: the kit's deadline or the adapter's own.
  const signal = AbortSignal.any([abort.signal, lease.signal]);
  const held: Lease = {
    get expiresAt() {
      return lease.expiresAt;
    },
    signal,
    extend: () => lease.extend(),
  };
  let deadline: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  if (options.heartbeatMs) {
    heartbeat = setInterval(() => {
      lease.extend().catch((err: unknown) => options.logger.warn({ err, id: message.id }, 'could not extend a lease'));
    }, options.heartbeatMs);
  }
  try {
    const work = worker.handle(message, ctx, held);
    if (options.deadlineMs === undefined) return await work;
    const ms = options.deadlineMs;
    await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        deadline = setTimeout(() => {
          abort.abort(new HandlerDeadlineExceeded(message.queue, ms));
          reject(new HandlerDeadlineExceeded(message.queue, ms));
        }, ms);
      }),
    ]);
  } catch (error) {
    options.logger.warn({ err: error, id: message.id, receives: message.receives }, 'a queue handler failed');
    throw error;
  } finally {
    clearTimeout(deadline);
    clearInterval(heartbeat);
  }
}
