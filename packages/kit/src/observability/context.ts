import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with one unit of work (an HTTP request or an event delivery) across awaits. */
export interface WorkContext {
  requestId: string;
  traceparent?: string;
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
