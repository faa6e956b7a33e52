import type { IncomingHttpHeaders } from 'node:http';
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
  // undici's own headers and body timeouts are off: every call has a deadline (sendToInstance) that covers both.
  shared ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
  return shared;
}

/** A request ready for the wire: headers lower-cased and complete, body already bytes or text. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

/** When the whole call must be over (epoch ms) and how long it was given, for the timeout's message. */
export interface Deadline {
  at: number;
  budgetMs: number;
}

/**
 * Sends one request to one instance and reads the whole answer, or throws a typed call error; past the
 * deadline the request is aborted, whether it waits for a socket, for headers or for the body.
 *
 * Written on undici's `dispatch` rather than `request`: the answer is always read whole, so the body stream,
 * the AbortSignal and the promise per chunk that `request` builds are pure cost (about a third of a proxied
 * call's CPU in bench/).
 */
export function sendToInstance(
  dispatcher: Dispatcher,
  target: CallTarget,
  endpoint: Endpoint,
  request: WireRequest,
  deadline: Deadline,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    const settle = (error: Error | undefined, response?: UpstreamResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const timer = setTimeout(
      () => {
        const error = new UpstreamTimeoutError(target, deadline.budgetMs, endpoint.instance.id);
        settle(error);
        // Before a socket was free there is no controller yet: onRequestStart aborts as soon as there is.
        controller?.abort(error);
      },
      Math.max(0, deadline.at - Date.now()),
    );

    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    try {
      dispatcher.dispatch(
        {
          origin: endpoint.origin,
          path: endpoint.basePath + request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body ?? null,
        },
        {
          onRequestStart(started) {
            controller = started;
            if (settled) started.abort(new UpstreamTimeoutError(target, deadline.budgetMs, endpoint.instance.id));
          },
          onResponseStart(_controller, statusCode, responseHeaders) {
            status = statusCode;
            headers = responseHeaders;
          },
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            settle(undefined, upstreamResponse(target.service, status, presentHeaders(headers), body));
          },
          onResponseError(_controller, error) {
            if (settled) return;
            if (isConnectionFailure(error)) settle(new UpstreamUnreachableError(target, endpoint.instance, error));
            else settle(error);
          },
        },
      );
    } catch (error) {
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  });
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

function presentHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const present: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) present[name] = value;
  }
  return present;
}
