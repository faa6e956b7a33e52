import type { Limiter, LimitRule, LimitVerdict } from '../../limits/limiter.ts';
import { checkRule } from '../../limits/limiter.ts';
import type { Logger } from '../../observability/logger.ts';
import { type Exchange, type GatewayAnswer, type GatewayStage, whenAnswered } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Stage 2: more than `max` requests in a window from one IP → 429, and the IP is blocked for `blockMs`,
 * answered 403 with Retry-After until the block ends. Counted per client IP (the seed counted per ip:port,
 * so a flood over many connections was never caught). The counters live in the runtime's Limiter: shared by
 * every gateway replica when it is Redis.
 */
export function ipLimit(
  rule: LimitRule | undefined,
  limiter: Limiter,
  system: string,
  problems: Problems,
  logger: Logger,
): GatewayStage {
  if (!rule) return () => undefined;
  const { max, windowMs } = checkRule(rule, 'limits.perIp');
  const prefix = `ip:${system}:`;
  // An outage of the counters must not become an outage of the system: let the request through.
  const letThrough = (error: unknown) => {
    logger.error({ err: error }, 'per-IP limit could not be checked; letting the request through');
    return undefined;
  };
  return (exchange) => {
    const ip = exchange.request.ip;
    // The memory limiter answers synchronously: only a promise (Redis) is awaited.
    return whenAnswered(
      () => limiter.limit(prefix + ip, rule),
      (verdict) => refusal(exchange, ip, verdict),
      letThrough,
    );
  };

  function refusal(exchange: Exchange, ip: string, verdict: LimitVerdict): GatewayAnswer | undefined {
    if (verdict.kind === 'allowed') return undefined;
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    const headers = { 'retry-after': String(seconds) };
    if (verdict.kind === 'limited') {
      logger.warn({ ip }, `blocking ${ip}: more than ${max} requests in ${windowMs} ms`);
      return problems.answer(
        exchange,
        429,
        'rate-limited',
        `more than ${max} requests in ${windowMs} ms came from your address; it is blocked for ${seconds} s`,
        { headers },
      );
    }
    return problems.answer(
      exchange,
      403,
      'ip-blocked',
      `your address is blocked for sending too many requests; try again in ${seconds} s`,
      { headers },
    );
  }
}
