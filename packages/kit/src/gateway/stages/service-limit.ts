import type { Limiter, LimitVerdict } from '../../limits/limiter.ts';
import type { Logger } from '../../observability/logger.ts';
import { type Exchange, type GatewayAnswer, type GatewayStage, whenAnswered } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Stage 7: at most N requests per second from the gateway (all replicas, with Redis) to one service → 429
 * with Retry-After. It protects the service, so it counts only requests that passed authentication and
 * validation: refused requests never cost the service anything.
 */
export function serviceLimit(
  perService: Readonly<Record<string, number>> | undefined,
  limiter: Limiter,
  system: string,
  problems: Problems,
  logger: Logger,
): GatewayStage {
  if (!perService || Object.keys(perService).length === 0) return () => undefined;
  // Each service's limiter key is made once here, not as a new string per request.
  const rules = new Map<string, { key: string; rule: { max: number; windowMs: number; blockMs: number } }>();
  for (const [service, max] of Object.entries(perService)) {
    if (!Number.isInteger(max) || max <= 0) {
      throw new RangeError(
        `limits.perService.${service} must be a whole number of requests per second > 0, got ${max}`,
      );
    }
    rules.set(service, { key: `service:${system}:${service}`, rule: { max, windowMs: 1000, blockMs: 0 } });
  }
  return (exchange) => {
    const service = exchange.route?.service;
    const limit = service === undefined ? undefined : rules.get(service);
    if (!limit || service === undefined) return undefined;
    const { key, rule } = limit;
    // The memory limiter answers synchronously: only a promise (Redis) is awaited.
    return whenAnswered(
      () => limiter.limit(key, rule),
      (verdict) => refusal(exchange, service, rule.max, verdict),
      (error) => letThrough(service, error),
    );
  };

  function letThrough(service: string, error: unknown): undefined {
    logger.error({ err: error, service }, 'per-service limit could not be checked; letting the request through');
    return undefined;
  }

  function refusal(exchange: Exchange, service: string, max: number, verdict: LimitVerdict): GatewayAnswer | undefined {
    if (verdict.kind === 'allowed') return undefined;
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    return problems.answer(
      exchange,
      429,
      'service-rate-limited',
      `the ${service} service takes at most ${max} requests per second through this gateway; try again in ${seconds} s`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }
}
