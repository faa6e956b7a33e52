import type { Readable } from 'node:stream';
import type { Context, Span } from '@opentelemetry/api';
import type { TokenClaims } from '../auth/claims.ts';
import { traceparentOf } from '../observability/tracing.ts';
import type { GatewayRequest } from './request.ts';
import type { GatewayRoute } from './route.ts';
import type { GatewaySpan } from './stages/request-id.ts';

/** One request on its way through the gateway. Stages read it and fill in what later stages need. */
/** Where a problem happened: the request's URL and id. */
export interface ProblemSite {
  url: string;
  requestId: string;
}

export interface Exchange extends ProblemSite {
  readonly request: GatewayRequest;
  /** The request target as received (`request.url`). */
  readonly url: string;
  /** `url` without its query. */
  readonly path: string;
  /** Headers every answer to this request carries, whoever produced it (e.g. CORS). */
  readonly responseHeaders: Record<string, string>;
  /** The gateway's own span in the caller's W3C trace (its traceparent goes back to the caller). */
  readonly span: Span;
  /** The context the upstream call continues: the gateway's span is its parent. */
  readonly trace: Context;
  /** Set by the route stage. */
  route?: GatewayRoute;
  params?: Readonly<Record<string, string>>;
  /** Set by the authentication stage on routes that are not public. */
  claims?: TokenClaims;
  /** Set by the cache lookup on cacheable requests; `cacheHit` when the answer came from the cache. */
  cacheKey?: string;
  cacheHit?: boolean;
}

/** What goes back to the client. */
export interface GatewayAnswer {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A Readable only from a `stream` route's proxy: relayed as it comes, after the head. */
  body?: Buffer | string | Readable;
}

/** A step of the pipeline: answer (and end the pipeline) or return undefined to pass the request on. */
export type GatewayStage = (exchange: Exchange) => GatewayAnswer | undefined | Promise<GatewayAnswer | undefined>;

/** A step after the answer is known and before it is sent (cache store, invalidation, logout). */
export type AfterStage = (exchange: Exchange, answer: GatewayAnswer) => void | Promise<void>;

/**
 * Runs stages in order until one answers; undefined when none did (the next phase continues). Most stages
 * answer synchronously, and an async function costs a promise and a microtask per stage even then, so this
 * stays synchronous until a stage hands back a promise and only then continues asynchronously.
 */
export function runStages(
  stages: readonly GatewayStage[],
  exchange: Exchange,
  from = 0,
): GatewayAnswer | undefined | Promise<GatewayAnswer | undefined> {
  for (let i = from; i < stages.length; i++) {
    const result = stages[i]!(exchange);
    if (result instanceof Promise) {
      // The last stage's promise is already the answer: chaining one more step would cost a promise and a tick.
      if (i === stages.length - 1) return result;
      return result.then((answer) => answer ?? runStages(stages, exchange, i + 1));
    }
    if (result) return result;
  }
  return undefined;
}

/**
 * `next` applied to what `ask` gives: at once when it is a value (an in-process adapter), once settled when it
 * is a promise (Redis, a fetch), so what is synchronous stays synchronous. With `onError`, an error thrown or
 * rejected goes there; without, it propagates.
 */
export function whenAnswered<T, R>(
  ask: () => T | Promise<T>,
  next: (value: T) => R,
  onError?: (error: unknown) => R,
): R | Promise<Awaited<R>> {
  if (!onError) {
    const value = ask();
    return value instanceof Promise ? (value.then(next) as Promise<Awaited<R>>) : next(value);
  }
  let value: T | Promise<T>;
  try {
    value = ask();
  } catch (error) {
    return onError(error);
  }
  return value instanceof Promise ? (value.then(next, onError) as Promise<Awaited<R>>) : next(value);
}

export function newExchange(request: GatewayRequest, requestId: string, own: GatewaySpan): Exchange {
  const url = request.url;
  const q = url.indexOf('?');
  const traceparent = traceparentOf(own.span);
  return {
    request,
    requestId,
    url,
    path: q === -1 ? url : url.slice(0, q),
    responseHeaders: traceparent ? { 'x-request-id': requestId, traceparent } : { 'x-request-id': requestId },
    span: own.span,
    trace: own.context,
  };
}
