// What one call puts on the wire, whichever instance it goes to: the headers it may carry, its body's bytes
// and type, and the vouch for whom it is made. The client (client.ts) decides where and how often it goes.

import { HEADER_VOUCH, type Vouches } from '../auth/vouch.ts';
import { HEADER_DEADLINE, HEADER_REQUEST_ID, HEADER_TRACEPARENT } from '../observability/context.ts';
import { HEADER_ROLE, HEADER_SUBJECT } from '../service/vouched-identity.ts';

/** Never taken from the caller: undici computes or refuses them, or they describe one hop only. */
const DROPPED_HEADERS = new Set([
  'host',
  'content-length',
  'expect',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  HEADER_REQUEST_ID,
  HEADER_TRACEPARENT,
  HEADER_DEADLINE,
]);

/** The caller's headers, lower-cased, without those the client owns or that describe one hop only. */
export function outgoingHeaders(given: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!given) return headers;
  for (const name in given) {
    const lower = name.toLowerCase();
    if (!DROPPED_HEADERS.has(lower)) headers[lower] = given[name]!;
  }
  return headers;
}

/** The body as sent: bytes and strings as they are, anything else as JSON; says its Content-Type unless the caller did. */
export function encodeBody(body: unknown, headers: Record<string, string>): Buffer | string | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return body;
  }
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

/** Replaces plain identity headers with the system's signed word for them, bound to this call's request id. */
export function vouchFor(vouches: Vouches, caller: string, headers: Record<string, string>): void {
  const sub = headers[HEADER_SUBJECT];
  const role = headers[HEADER_ROLE];
  delete headers[HEADER_SUBJECT];
  delete headers[HEADER_ROLE];
  const identity = sub && role ? { sub, role } : { service: caller };
  headers[HEADER_VOUCH] = vouches.mint(identity, headers[HEADER_REQUEST_ID]!);
}
