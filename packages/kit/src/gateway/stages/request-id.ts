import { acceptRequestId } from '../../observability/context.ts';
import { nextTraceparent } from '../../observability/trace.ts';

/**
 * Stage 1, run by Fastify as its request-id generator so even errors before the pipeline carry the id
 * (acceptRequestId keeps a sane incoming id, otherwise makes one).
 */
export { acceptRequestId };

/** The gateway is a hop of its own: a child span of the caller's W3C trace, or the root of a new one. */
export const gatewaySpan = (incoming: string | string[] | undefined): string => nextTraceparent(incoming);
