import { type Context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { acceptRequestId } from '../../observability/context.ts';
import { contextOfTraceparent } from '../../observability/tracing.ts';

/**
 * Stage 1, run by Fastify as its request-id generator so even errors before the pipeline carry the id
 * (acceptRequestId keeps a sane incoming id, otherwise makes one).
 */
export { acceptRequestId };

/** The gateway's server span, and the context its upstream call continues. */
export interface GatewaySpan {
  span: Span;
  /** The caller's context with the gateway's span in it: the proxy's call is its child. */
  context: Context;
}

/**
 * The gateway is a hop of its own: a server span in the caller's W3C trace, or the root of a new trace when
 * the caller sent none (or a malformed or all-zero one). Made with an explicit parent, never by entering the
 * active context: see `ServiceRequest.work` on why the gateway stays out of AsyncLocalStorage.
 */
export function gatewaySpan(tracer: Tracer, method: string, incoming: string | string[] | undefined): GatewaySpan {
  const parent = contextOfTraceparent(typeof incoming === 'string' ? incoming : undefined);
  const span = tracer.startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
