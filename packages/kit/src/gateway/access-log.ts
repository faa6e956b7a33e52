import type { Logger } from '../observability/logger.ts';
import { traceIdOf } from '../observability/tracing.ts';
import { UNMATCHED_ROUTE } from './metrics.ts';
import type { Exchange } from './pipeline.ts';

/**
 * Stage 11's log half: one pino line per proxied request, which doubles as the gateway's span record
 * (trace id, span id, parent span id, method and route, duration) for whoever collects the logs.
 */
export function accessLog(logger: Logger): (exchange: Exchange, status: number, elapsedMs: number) => void {
  return (exchange, status, elapsedMs) => {
    if (!logger.isLevelEnabled('info')) return;
    const { request, route, claims } = exchange;
    const incoming = request.headers.traceparent;
    // The caller's span is our parent only when the gateway continued its trace, not when it started a new
    // one (a malformed or all-zero trace id).
    const { traceId, spanId } = exchange.span.spanContext();
    // Flat: pino serialises a nested object with JSON.stringify, and this line is written for every request.
    logger.info(
      {
        requestId: exchange.requestId,
        traceId,
        spanId,
        parentSpanId:
          typeof incoming === 'string' && traceIdOf(incoming) === traceId ? incoming.slice(36, 52) : undefined,
        method: request.method,
        path: exchange.path,
        route: route?.path ?? UNMATCHED_ROUTE,
        service: route?.service,
        status,
        ms: Math.round(elapsedMs * 100) / 100,
        ip: request.ip,
        subject: claims?.sub,
        role: claims?.role,
        cache: exchange.cacheKey ? (exchange.cacheHit ? 'hit' : 'miss') : undefined,
      },
      'gateway request',
    );
  };
}
