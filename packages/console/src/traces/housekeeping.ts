import type { ReceivedSpan } from '@mosaic/kit/observability';

/** The processes' own endpoints: Prometheus scrapes, probes, and the console's reads of the operator routes. */
const HOUSEKEEPING = /^(?:[A-Z]+ )?\/(?:metrics|livez|readyz|admin(?:\/.*)?)$/;

/**
 * True for a span of the runtime's housekeeping rather than a request anyone made: the console scrapes every
 * process every 2 s, and keeping those spans would push the real requests out of its bounded store. Matched on
 * the route, the path or the span's name. `/api/*` is not one of them: donuts has a real `/api/manufactures`.
 */
export function isHousekeeping(span: ReceivedSpan): boolean {
  const { attributes } = span;
  for (const value of [attributes['http.route'], attributes['url.path'], span.name]) {
    if (typeof value === 'string' && HOUSEKEEPING.test(value)) return true;
  }
  return false;
}
