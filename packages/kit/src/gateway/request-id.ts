import { randomUUID } from 'node:crypto';

/** Short and log-safe: no spaces, quotes or control characters can reach a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Keeps a caller's request id when it is sane (so its logs and ours line up), otherwise makes one. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
