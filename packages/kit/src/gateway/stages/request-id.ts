import { randomUUID } from 'node:crypto';
import { nextTraceparent } from '../../observability/trace.ts';

/** Short and log-safe: no spaces, quotes or control characters can reach a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Stage 1, run by Fastify as its request-id generator so even errors before the pipeline carry the id:
 * keeps a caller's request id when it is sane (so its logs and ours line up), otherwise makes one.
 */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The gateway is a hop of its own: a child span of the caller's W3C trace, or the root of a new one. */
export const gatewaySpan = (incoming: string | string[] | undefined): string => nextTraceparent(incoming);
