import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What travels with one unit of work (an HTTP request or an event delivery) across awaits. Its trace is
 * OpenTelemetry's active context (tracing.ts), kept beside it.
 */
export interface WorkContext {
  requestId: string;
  /** Epoch ms after which the caller no longer waits; propagated downstream as `x-mosaic-deadline`. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function currentWork(): WorkContext | undefined {
  return storage.getStore();
}

export function runWithWork<T>(work: WorkContext, fn: () => T): T {
  return storage.run(work, fn);
}

export const HEADER_REQUEST_ID = 'x-request-id';
export const HEADER_DEADLINE = 'x-mosaic-deadline';
export const HEADER_TRACEPARENT = 'traceparent';

/** Short and log-safe: no spaces, quotes or control characters can reach a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Keeps a caller's request id when it is sane (so its logs and ours line up), otherwise makes one. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
