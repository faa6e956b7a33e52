import type { Logger } from '../observability/logger.ts';
import { traceIdOf } from '../observability/trace.ts';
import { UNMATCHED_ROUTE } from './metrics.ts';
import type { Exchange } from './pipeline.ts';

/**
 * Stage 11's log half: one pino line per proxied request, which doubles as the gateway's span record
 * (trace id, span id, parent span, name, duration) for whoever collects the logs.
 */
export function accessLog(logger: Logger): (exchange: Exchange, status: number, elapsedMs: number) => void {
  return (exchange, status, elapsedMs) => {
    if (!logger.isLevelEnabled('info')) return;
    const { request, route, claims, traceparent } = exchange;
    const incoming = request.headers.traceparent;
    logger.info(
      {
        requestId: exchange.requestId,
        method: request.method,
        path: exchange.path,
        route: route?.path ?? UNMATCHED_ROUTE,
        service: route?.service,
        status,
        ms: Math.round(elapsedMs * 100) / 100,
        ip: request.ip,
        ...(claims ? { subject: claims.sub, role: claims.role } : {}),
        ...(exchange.cacheKey ? { cache: exchange.cacheHit ? 'hit' : 'miss' } : {}),
        span: {
          traceId: traceIdOf(traceparent),
          spanId: traceparent.slice(36, 52),
          parentSpanId: typeof incoming === 'string' && traceIdOf(incoming) ? incoming.slice(36, 52) : undefined,
          name: `${request.method} ${route?.path ?? UNMATCHED_ROUTE}`,
        },
      },
      'gateway request',
    );
  };
}
