import type { Cache } from '../../cache/cache.ts';
import type { Logger } from '../../observability/logger.ts';
import { type CachePlan, cacheKeyOf } from '../cache-plan.ts';
import type { Exchange, GatewayAnswer, GatewayStage } from '../pipeline.ts';
import { decodeCached } from './cached-answer.ts';

export const CACHE_HEADER = 'x-mosaic-cache';

/**
 * Stage 8: a GET on a route that caches is answered from the cache when the key is there. It runs after
 * authentication, roles, validation and the service limit, so a cached answer is never given to a caller the
 * service would have refused; a private route's key carries the caller, so never to another user.
 */
export function cacheLookup(
  plans: ReadonlyMap<object, CachePlan>,
  cache: Cache,
  system: string,
  logger: Logger,
  onResult: (route: string, result: 'hit' | 'miss') => void,
): GatewayStage {
  // Synchronous for the requests it does not concern: a promise per request is not free.
  return (exchange) => {
    const { route, request } = exchange;
    const read = route && plans.get(route)?.read;
    if (!route || !read || request.method !== 'GET') return undefined;
    const key = cacheKeyOf(system, read, {
      params: exchange.params,
      query: request.query as Record<string, unknown>,
      claims: exchange.claims,
    });
    if (key === undefined) return undefined;
    exchange.cacheKey = key;
    return lookup(exchange, route.path, key);
  };

  async function lookup(exchange: Exchange, route: string, key: string): Promise<GatewayAnswer | undefined> {
    let stored: string | undefined;
    try {
      stored = await cache.get(key);
    } catch (error) {
      logger.error({ err: error }, 'cache read failed; asking the service');
    }
    const answer = stored === undefined ? undefined : decodeCached(stored);
    onResult(route, answer ? 'hit' : 'miss');
    if (!answer) {
      exchange.responseHeaders[CACHE_HEADER] = 'miss';
      return undefined;
    }
    exchange.cacheHit = true;
    exchange.responseHeaders[CACHE_HEADER] = 'hit';
    return answer;
  }
}
