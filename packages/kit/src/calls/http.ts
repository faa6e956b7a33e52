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

/** Where and what one call to one instance sends, for undici's `dispatch` (a buffered or a streamed call). */
export function dispatchOptionsOf(endpoint: Endpoint, request: WireRequest): Dispatcher.DispatchOptions {
  return {
    origin: endpoint.origin,
    path: endpoint.basePath + request.path,
    method: request.method as Dispatcher.HttpMethod,
    headers: request.headers,
    body: request.body ?? null,
  };
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
    const call = new InstanceCall(target, endpoint, deadline, resolve, reject);
    try {
      dispatcher.dispatch(dispatchOptionsOf(endpoint, request), call);
    } catch (error) {
      call.settle(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * One call's state and undici's callbacks, as a class: its methods are made once, where closures made per
 * call would each cost an allocation (and, under tsx, a `name` property set on every one).
 */
class InstanceCall implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  readonly #chunks: Buffer[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly target: CallTarget,
    private readonly endpoint: Endpoint,
    private readonly deadline: Deadline,
    private readonly resolve: (response: UpstreamResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.#timer = setTimeout(() => this.expire(), Math.max(0, deadline.at - Date.now()));
  }

  settle(error: Error | undefined, response?: UpstreamResponse): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    if (error) this.reject(error);
    else this.resolve(response!);
  }

  private timeout(): UpstreamTimeoutError {
    return new UpstreamTimeoutError(this.target, this.deadline.budgetMs, this.endpoint.instance.id);
  }

  private expire(): void {
    const error = this.timeout();
    this.settle(error);
    // Before a socket was free there is no controller yet: onRequestStart aborts as soon as there is.
    this.#controller?.abort(error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#settled) controller.abort(this.timeout());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    this.settle(undefined, upstreamResponse(this.target.service, this.#status, presentHeaders(this.#headers), body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    if (isConnectionFailure(error))
      this.settle(new UpstreamUnreachableError(this.target, this.endpoint.instance, error));
    else this.settle(error);
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

export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_FAILURES.has(code);
}

export function presentHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const present: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) present[name] = value;
  }
  return present;
}
