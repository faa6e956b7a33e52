import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

export interface CorsOptions {
  /** Browser origins allowed to call the gateway, e.g. `https://app.example.com`, or '*' for any. */
  origins: readonly string[] | '*';
}

/** Headers a browser script may read: the request id is what a user quotes in a bug report. */
const EXPOSED = 'x-request-id, retry-after, traceparent';

/**
 * CORS for browser clients. Preflights are answered here, before routing, so they never reach a service.
 * Without options the stage does nothing: same-origin or non-browser clients need no CORS headers.
 */
export function cors(options: CorsOptions | undefined, problems: Problems): GatewayStage {
  if (!options) return () => undefined;
  const allowed = options.origins === '*' ? undefined : new Set(options.origins);
  return (exchange) => {
    const { request, responseHeaders } = exchange;
    const origin = request.headers.origin;
    if (!origin) return undefined;
    responseHeaders.vary = 'Origin';
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (allowed && !allowed.has(origin)) {
      if (!preflight) return undefined; // the browser withholds the answer: no CORS headers is the refusal
      return problems.answer(
        exchange,
        403,
        'origin-not-allowed',
        `origin ${origin} may not call this gateway; add it to the gateway's CORS origins`,
      );
    }
    responseHeaders['access-control-allow-origin'] = allowed ? origin : '*';
    responseHeaders['access-control-expose-headers'] = EXPOSED;
    if (!preflight) return undefined;
    const requestedHeaders = request.headers['access-control-request-headers'];
    return {
      status: 204,
      headers: {
        'access-control-allow-methods': String(request.headers['access-control-request-method']),
        ...(typeof requestedHeaders === 'string' ? { 'access-control-allow-headers': requestedHeaders } : {}),
        'access-control-max-age': '600',
      },
    };
  };
}
