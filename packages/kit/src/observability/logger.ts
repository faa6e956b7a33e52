import pino, { type Logger } from 'pino';
import { currentWork } from './context.ts';
import { LogBatches } from './log-batches.ts';
import { activeTraceIds } from './tracing.ts';

export type { Logger };

/**
 * One JSON logger per process. Every line carries the requestId, traceId and spanId of the work in progress,
 * taken from the async context, so a service never passes them by hand and a log line finds its span.
 */
export function createLogger(
  options: { name?: string; level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.MOSAIC_LOG_LEVEL ?? 'info',
      mixin() {
        const work = currentWork();
        const ids = activeTraceIds();
        if (!work) return ids ?? {};
        return ids ? { requestId: work.requestId, ...ids } : { requestId: work.requestId };
      },
    },
    // Buffered: a gateway writes an access line per request, and one write syscall per line cost as much as
    // the proxying itself (bench/). Lines leave in 4 KiB writes or 100 ms after the first one, and what is left
    // is written when the process exits; only a SIGKILL can lose the last 100 ms of lines. The writes stay
    // synchronous, as pino's default: asynchronous ones go through libuv's thread pool, which measured twice the
    // CPU per line.
    options.destination ?? new LogBatches(pino.destination({ dest: 1, sync: true })),
  );
}

/** A logger that writes nothing: tests use it unless MOSAIC_LOG_LEVEL asks otherwise. */
export function silentLogger(): Logger {
  return pino({ level: process.env.MOSAIC_LOG_LEVEL ?? 'silent' });
}
