import { Agent, type Dispatcher } from 'undici';
import { type CallTarget, UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import type { Endpoint } from './instances.ts';
import { type UpstreamResponse, upstreamResponse } from './response.ts';

let shared: Agent | undefined;

/**
 * One keep-alive pool per process, shared by every client: calls between services reuse warm sockets
 * instead of paying a TCP handshake each time. undici honours the server's `Keep-Alive: timeout` hint,
 * so it does not reuse a socket the server is about to close.
 */
export function sharedDispatcher(): Dispatcher {
  shared ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  return shared;
}

/** A request ready for the wire: headers lower-cased and complete, body already bytes or text. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

/**
 * Sends one request to one instance and reads the whole answer, or throws a typed call error.
 * `signal` is the call's deadline: aborting it aborts the socket, whether headers or body are in flight.
 */
export async function sendToInstance(
  dispatcher: Dispatcher,
  target: CallTarget,
  endpoint: Endpoint,
  request: WireRequest,
  deadline: { signal: AbortSignal; budgetMs: number },
): Promise<UpstreamResponse> {
  try {
    const response = await dispatcher.request({
      origin: endpoint.origin,
      path: endpoint.basePath + request.path,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: deadline.signal,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return upstreamResponse(target.service, response.statusCode, presentHeaders(response.headers), body);
  } catch (error) {
    if (deadline.signal.aborted) throw new UpstreamTimeoutError(target, deadline.budgetMs, endpoint.instance.id);
    if (isConnectionFailure(error)) throw new UpstreamUnreachableError(target, endpoint.instance, error);
    throw error;
  }
}

/** Errors that say "this instance cannot be talked to", as opposed to a mistake in the request itself. */
const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_FAILURES.has(code);
}

function presentHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const present: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) present[name] = value;
  return present;
}
