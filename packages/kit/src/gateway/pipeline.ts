import type { FastifyRequest } from 'fastify';
import type { TokenClaims } from '../auth/claims.ts';
import type { ProblemSite } from './problem.ts';
import type { GatewayRoute } from './routes.ts';

/** One request on its way through the gateway. Stages read it and fill in what later stages need. */
export interface Exchange extends ProblemSite {
  readonly request: FastifyRequest;
  /** The request target as received (`request.url`). */
  readonly url: string;
  /** `url` without its query. */
  readonly path: string;
  /** Headers every answer to this request carries, whoever produced it (e.g. CORS). */
  readonly responseHeaders: Record<string, string>;
  /** The gateway's own span in the caller's W3C trace (sent upstream as the parent, and back to the caller). */
  readonly traceparent: string;
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
  body?: Buffer | string;
}

/** A step of the pipeline: answer (and end the pipeline) or return undefined to pass the request on. */
export type GatewayStage = (exchange: Exchange) => GatewayAnswer | undefined | Promise<GatewayAnswer | undefined>;

/** A step after the answer is known and before it is sent (cache store, invalidation, logout). */
export type AfterStage = (exchange: Exchange, answer: GatewayAnswer) => void | Promise<void>;

/**
 * Runs stages in order until one answers; undefined when none did (the next phase continues). Most stages
 * answer synchronously, and awaiting a plain value still costs a microtask per stage, so only promises are awaited.
 */
export async function runStages(
  stages: readonly GatewayStage[],
  exchange: Exchange,
): Promise<GatewayAnswer | undefined> {
  for (const stage of stages) {
    const result = stage(exchange);
    const answer = result instanceof Promise ? await result : result;
    if (answer) return answer;
  }
  return undefined;
}

export function newExchange(request: FastifyRequest, traceparent: string): Exchange {
  const url = request.url;
  const q = url.indexOf('?');
  return {
    request,
    requestId: request.id,
    url,
    path: q === -1 ? url : url.slice(0, q),
    responseHeaders: { traceparent },
    traceparent,
  };
}
