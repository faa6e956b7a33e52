import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';
import type { GatewayRoute } from '../route.ts';

/**
 * Part of stage 6: a body larger than the route allows → 413, on its declared Content-Length, before the body
 * is read, so a large upload is refused without being buffered. A chunked body that declares no length is cut
 * off at the same limit while it is read (`readBody`).
 */
export function bodyLimit(limitOf: (route: GatewayRoute | undefined) => number, problems: Problems): GatewayStage {
  return (exchange) => {
    const { request, route } = exchange;
    const limit = limitOf(route);
    const length = Number(request.headers['content-length'] ?? 0);
    if (!(length > limit)) return undefined;
    return problems.answer(
      exchange,
      413,
      'body-too-large',
      `the request body is ${length} bytes; this route accepts at most ${limit}. Send a smaller body`,
    );
  };
}
