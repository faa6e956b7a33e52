import pino, { type Logger } from 'pino';
import { currentWork } from './context.ts';

export type { Logger };

/**
 * One JSON logger per process. Every line carries the requestId and traceparent of the work in progress,
 * taken from the async context, so a service never passes them by hand.
 */
export function createLogger(options: { name?: string; level?: string } = {}): Logger {
  return pino({
    name: options.name,
    level: options.level ?? process.env.MOSAIC_LOG_LEVEL ?? 'info',
    mixin() {
      const work = currentWork();
      return work ? { requestId: work.requestId, traceparent: work.traceparent } : {};
    },
  });
}

/** A logger that writes nothing: tests use it unless MOSAIC_LOG_LEVEL asks otherwise. */
export function silentLogger(): Logger {
  return pino({ level: process.env.MOSAIC_LOG_LEVEL ?? 'silent' });
}
