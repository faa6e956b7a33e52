import { randomUUID } from 'node:crypto';
import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { isBrokenCircuitError } from 'cockatiel';
import type { Dispatcher } from 'undici';
import type { Vouches } from '../auth/vouch.ts';
import type { Registry } from '../discovery/registry.ts';
import { currentWork, HEADER_DEADLINE, HEADER_REQUEST_ID, type WorkContext } from '../observability/context.ts';
import { type Logger, silentLogger } from '../observability/logger.ts';
import { injectTraceparent, tracerFor } from '../observability/tracing.ts';
import { type BreakerOptions, type BreakerReport, type BreakerState, DEFAULT_BREAKER } from './breaker.ts';
import {
  BreakerOpenError,
  CallError,
  type CallTarget,
  NoInstanceError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.ts';
import { type Deadline, sendToInstance, sharedDispatcher, type WireRequest } from './http.ts';
import { watchInstances } from './instances.ts';
import { encodeBody, outgoingHeaders, vouchFor } from './outgoing.ts';
import { isUnwellAnswer, type UpstreamResponse } from './response.ts';
import { openOnInstance, type StreamedResponse } from './stream.ts';

export type { StreamedResponse } from './stream.ts';

export interface ServiceClientOptions {
  registry: Registry;
  system: string;
  service: string;
  /** Longest a call may take, retries included; default 3000. A nearer deadline of the current work wins. */
  timeoutMs?: number;
  /** Per instance: what opens it (default: 5 consecutive failures or a 5xx rate) and for how long (10 s). */
  breaker?: BreakerOptions;
  /**
   * Extra tries on another instance (default 1, no backoff): for any request that cannot have reached an
   * instance (connection refused), and for an idempotent one whose instance failed (connection lost, 502,
   * 503 without Retry-After, 504). Never after a 500 or a timeout: the same request would fail again, or
   * has already spent the deadline.
   */
  retry?: { attempts: number; backoffMs?: number };
  logger?: Logger;
  /** Makes a client span per call (default: the tracer of `<system>/<service>`'s callers, named `client`). */
  tracer?: Tracer;
  /** Default: one keep-alive undici Agent shared by the whole process. */
  dispatcher?: Dispatcher;
  /**
   * A service's client vouches for every call (`x-mosaic-vouch`): for the caller named by the request's
   * `x-mosaic-subject`/`x-mosaic-role` headers (a call on a caller's behalf), else for `caller` itself (a
   * service calling as itself, e.g. `school/outing`). Without it (the gateway's clients), headers pass as given.
   */
  vouch?: { vouches: Vouches; caller: string };
}

export interface ServiceRequest {
  method: string;
  /** Path and query, e.g. `/orders/7?expand=items`. */
  path: string;
  /**
   * Sent as given, except hop-by-hop ones and the three the client owns: `x-request-id`, `traceparent` and
   * `x-mosaic-deadline` always come from the work (below).
   */
  headers?: Record<string, string>;
  /**
   * The request id and deadline to carry downstream, and the trace context the call's span continues. Default:
   * the current work (`runWithWork`) and OpenTelemetry's active context. The gateway passes both explicitly:
   * entering AsyncLocalStorage per request switches on Node 20's promise hooks, which cost every await of the
   * process.
   */
  work?: WorkContext;
  parent?: Context;
  /** A Buffer or string is sent as is; anything else is sent as JSON. */
  body?: unknown;
  /**
   * Default: true for GET, HEAD, PUT, DELETE, OPTIONS, TRACE. Say true for a POST with an idempotency key.
   * Decides whether a failed instance's request may be sent again elsewhere (see `retry`).
   */
  idempotent?: boolean;
  timeoutMs?: number;
}

export interface CallOptions {
  /** Turns a call error (never an upstream 4xx/5xx answer) into an answer. */
  fallback?: (error: CallError) => Promise<UpstreamResponse> | UpstreamResponse;
}

type ShortRequest = Omit<ServiceRequest, 'method' | 'path' | 'body'> & CallOptions;

/** A client to one service by name: discovery → round robin → breaker per instance → deadline → retry → fallback. */
export interface ServiceClient {
  readonly system: string;
  readonly service: string;
  /**
   * Resolves with the upstream's answer whatever its status (a 5xx is returned once no retry remains).
   * Rejects with a `CallError` when no answer could be had, unless `fallback` supplies one.
   */
  request(request: ServiceRequest, options?: CallOptions): Promise<UpstreamResponse>;
  /**
   * Resolves once the upstream's status and headers are in (an event stream, a long download), with the body
   * still flowing: the timeout covers only the head, and the body then flows without a deadline until the
   * instance ends it; destroying `body` aborts the request upstream. Tried on another instance only when
   * nothing was sent (connection refused); an answer is returned whatever its status. Rejects with a
   * `CallError` when no head could be had.
   */
  openStream(request: ServiceRequest): Promise<StreamedResponse>;
  getJson(path: string, options?: ShortRequest): Promise<UpstreamResponse>;
  postJson(path: string, body: unknown, options?: ShortRequest): Promise<UpstreamResponse>;
  /** Breaker state of every known instance (ready or not), by instance id. */
  breakerStates(): Record<string, BreakerState>;
  /** The same with when each last changed and what last opened it (the operator routes), by instance id. */
  breakerReports(): Record<string, BreakerReport>;
  /** Stops watching the registry. */
  close(): void;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const { registry, system, service } = options;
  const target: CallTarget = { system, service };
  const defaultTimeoutMs = positive(options.timeoutMs ?? 3000, 'timeoutMs');
  const breaker = options.breaker ?? DEFAULT_BREAKER;
  positive(breaker.failures, 'breaker.failures');
  positive(breaker.halfOpenAfterMs, 'breaker.halfOpenAfterMs');
  const retries = Math.max(0, Math.floor(options.retry?.attempts ?? 1));
  const backoffMs = Math.max(0, options.retry?.backoffMs ?? 0);
  const logger = options.logger ?? silentLogger();
  const tracer = options.tracer ?? tracerFor({ system, service: 'client' });
  const dispatcher = options.dispatcher ?? sharedDispatcher();
  let closed = false;

  const view = watchInstances({
    registry,
    system,
    service,
    breaker,
    onBreakerChange(instance, state) {
      if (state === 'open') {
        logger.warn(
          { service, instanceId: instance.id, url: instance.url },
          `circuit opened: calls to ${service} instance ${instance.id} are paused for ${breaker.halfOpenAfterMs} ms`,
        );
      } else {
        logger.info(
          { service, instanceId: instance.id },
          `circuit closed: ${service} instance ${instance.id} recovered`,
        );
      }
    },
  });

  /** Tries instances until one answers, a non-retryable error occurs, or the retries run out. */
  async function attempt(wire: WireRequest, idempotent: boolean, deadline: Deadline): Promise<UpstreamResponse> {
    const tried = new Set<string>();
    let last: { response: UpstreamResponse } | { error: CallError } | undefined;
    let sent = 0;
    for (;;) {
      const pick = view.pick(tried, Date.now());
      if (pick.kind !== 'picked') {
        // A retry that finds nothing left reports the failure that made it retry, which says more.
        if (last) return settle(last);
        throw pick.kind === 'none-ready'
          ? new NoInstanceError(target)
          : new BreakerOpenError(target, pick.retryAfterMs);
      }
      const { endpoint } = pick;
      tried.add(endpoint.instance.id);
      try {
        // Called in the same tick as `pick`, so the breaker cannot change state in between.
        const response = await endpoint.breaker.execute(() =>
          sendToInstance(dispatcher, target, endpoint, wire, deadline),
        );
        if (!(idempotent && isUnwellAnswer(response))) return response;
        last = { response };
      } catch (error) {
        // Defensive: nothing was sent, so trying another instance is safe even for a POST.
        if (isBrokenCircuitError(error)) continue;
        // A timeout has spent the whole budget; anything else is not about the instance.
        if (!(error instanceof UpstreamUnreachableError)) throw error;
        last = { error };
        if (error.requestSent && !idempotent) return settle(last);
      }
      sent++;
      const remainingMs = deadline.at - Date.now();
      if (sent > retries || remainingMs <= backoffMs) return settle(last);
      logger.debug({ service, instanceId: endpoint.instance.id, attempt: sent }, `retrying ${service} elsewhere`);
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  }

  /**
   * `attempt` for a stream: the same pick and breakers, but only a request that reached no instance
   * (connection refused) is tried elsewhere, and whatever head comes back is the answer: a stream's retry
   * could replay what the first instance already began.
   */
  async function attemptStream(wire: WireRequest, _idempotent: boolean, deadline: Deadline): Promise<StreamedResponse> {
    // The deadline covers the head only; told downstream, it would expire under the stream's own work.
    delete wire.headers[HEADER_DEADLINE];
    const tried = new Set<string>();
    let last: UpstreamUnreachableError | undefined;
    for (let sent = 0; ; ) {
      const pick = view.pick(tried, Date.now());
      if (pick.kind !== 'picked') {
        if (last) throw last;
        throw pick.kind === 'none-ready'
          ? new NoInstanceError(target)
          : new BreakerOpenError(target, pick.retryAfterMs);
      }
      const { endpoint } = pick;
      tried.add(endpoint.instance.id);
      try {
        return await endpoint.breaker.execute(() => openOnInstance(dispatcher, target, endpoint, wire, deadline));
      } catch (error) {
        if (isBrokenCircuitError(error)) continue;
        if (!(error instanceof UpstreamUnreachableError) || error.requestSent) throw error;
        last = error;
      }
      sent++;
      if (sent > retries || deadline.at - Date.now() <= backoffMs) throw last;
      logger.debug(
        { service, instanceId: endpoint.instance.id, attempt: sent },
        `opening the ${service} stream elsewhere`,
      );
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  }

  // Not async: `send`'s promise is the call's own, without one more promise and tick around it; what
  // `start` throws (a closed client, a bad path) still reaches the caller as a rejection.
  function call<R extends { status: number }>(request: ServiceRequest, send: Send<R>): Promise<R> {
    try {
      return start(request, send);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function start<R extends { status: number }>(request: ServiceRequest, send: Send<R>): Promise<R> {
    if (closed) throw new Error(`the client to the ${service} service was closed`);
    if (!request.path.startsWith('/')) {
      throw new TypeError(`a path to the ${service} service must start with '/', got '${request.path}'`);
    }
    const method = request.method.toUpperCase();
    const work = request.work ?? currentWork();
    const now = Date.now();
    const timeoutMs = positive(request.timeoutMs ?? defaultTimeoutMs, 'timeoutMs');
    // The caller's caller may have less patience than our own timeout: never outlive its deadline.
    const at = work?.deadline === undefined ? now + timeoutMs : Math.min(now + timeoutMs, work.deadline);
    const budgetMs = at - now;
    if (budgetMs <= 0) throw new UpstreamTimeoutError(target, 0);

    const headers = outgoingHeaders(request.headers);
    const body = encodeBody(request.body, headers);
    headers[HEADER_REQUEST_ID] = work?.requestId ?? randomUUID();
    headers[HEADER_DEADLINE] = String(at);
    if (options.vouch) vouchFor(options.vouch.vouches, options.vouch.caller, headers);
    const parent = request.parent ?? context.active();
    const span = tracer.startSpan(
      `${method} ${service}`,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'mosaic.call.service': service } },
      parent,
    );
    // The callee's span is a child of this one, whichever instance answers.
    injectTraceparent(headers, trace.setSpan(parent, span));
    const wire: WireRequest = { method, path: request.path, headers, body };
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);

    // Each attempt is aborted at the call's deadline (sendToInstance), so retries share one budget.
    const sent = send(wire, idempotent, { at, budgetMs });
    // An unrecorded span (nobody collects traces) needs no ending: no promise step is added for it.
    return span.isRecording() ? endWhenSettled(span, sent) : sent;
  }

  function request(request: ServiceRequest, callOptions: CallOptions = {}): Promise<UpstreamResponse> {
    const { fallback } = callOptions;
    if (!fallback) return call(request, attempt);
    return call(request, attempt).catch((error: unknown) => {
      if (!(error instanceof CallError)) throw error;
      logger.info({ service, err: error }, `${service} call failed (${error.code}); using the fallback`);
      return fallback(error);
    });
  }

  function short(method: string, path: string, body: unknown, opts: ShortRequest = {}): Promise<UpstreamResponse> {
    const { fallback, ...rest } = opts;
    const headers = { accept: 'application/json', ...rest.headers };
    return request({ ...rest, method, path, headers, body }, fallback ? { fallback } : {});
  }

  return {
    system,
    service,
    request,
    openStream: (request) => call(request, attemptStream),
    getJson: (path, opts) => short('GET', path, undefined, opts),
    postJson: (path, body, opts) => short('POST', path, body, opts),
    breakerStates: () => view.breakerStates(Date.now()),
    breakerReports: () => view.breakerReports(Date.now()),
    close() {
      closed = true;
      view.close();
    },
  };
}

/** Ends a call's span with the answer's status, or with the error that left no answer. */
function endWhenSettled<R extends { status: number }>(span: Span, sent: Promise<R>): Promise<R> {
  return sent.then(
    (answer) => {
      span.setAttribute('http.response.status_code', answer.status);
      if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      return answer;
    },
    (error: unknown) => {
      const message = error instanceof CallError ? error.code : error instanceof Error ? error.message : String(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.end();
      throw error;
    },
  );
}

/** Sends a prepared request: `attempt` reads the answer whole, `attemptStream` resolves at its head. */
type Send<R> = (wire: WireRequest, idempotent: boolean, deadline: Deadline) => Promise<R>;

function settle(last: { response: UpstreamResponse } | { error: CallError }): UpstreamResponse {
  if ('error' in last) throw last.error;
  return last.response;
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
