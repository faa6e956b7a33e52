import type { Cache } from '../../cache/cache.ts';
import type { Logger } from '../../observability/logger.ts';
import { type CachePlan, invalidationPatterns } from '../cache-plan.ts';
import type { AfterStage, Exchange, GatewayAnswer } from '../pipeline.ts';
import { cacheable, encodeCached } from './cached-answer.ts';

/**
 * After the proxy: keep a fresh GET answer under the key the lookup computed, and after a successful (2xx)
 * mutation remove what it made stale, before the answer is sent, so the caller's next GET is fresh. A failed
 * mutation changed nothing and invalidates nothing.
 */
export function cacheStore(
  plans: ReadonlyMap<object, CachePlan>,
  cache: Cache,
  system: string,
  logger: Logger,
  onInvalidate: (route: string, removed: number) => void,
): AfterStage {
  return (exchange, answer) => {
    const plan = exchange.route && plans.get(exchange.route);
    // Synchronous for the routes that cache nothing: a promise per request is not free.
    return plan ? store(exchange, answer, plan) : undefined;
  };

  async function store(exchange: Exchange, answer: GatewayAnswer, plan: CachePlan): Promise<void> {
    const { route, request } = exchange;
    if (!route) return;
    if (plan.read && exchange.cacheKey && !exchange.cacheHit && cacheable(answer, plan.read.private)) {
      try {
        await cache.set(exchange.cacheKey, encodeCached(answer), plan.read.ttlMs);
      } catch (error) {
        logger.error({ err: error }, 'cache write failed; the answer is sent uncached');
      }
    }
    if (plan.invalidates.length === 0 || answer.status < 200 || answer.status >= 300 || exchange.cacheHit) return;
    const inputs = {
      params: exchange.params,
      query: request.query as Record<string, unknown>,
      claims: exchange.claims,
    };
    let removed = 0;
    for (const template of plan.invalidates) {
      for (const pattern of invalidationPatterns(system, template, inputs)) {
        try {
          removed += await cache.invalidate(pattern);
        } catch (error) {
          logger.error(
            { err: error, pattern },
            'cache invalidation failed; stale answers may be served until their TTL',
          );
        }
      }
    }
    onInvalidate(route.path, removed);
  }
}
