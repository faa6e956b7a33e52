import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Part of stage 6: a body larger than the route allows → 413. Run twice: before the body is read (on its
 * declared Content-Length, so a large upload is refused without being buffered) and after (for a chunked body
 * that declared none; Fastify stops reading at the largest limit of any route).
 */
export function bodyLimit(defaultBytes: number, problems: Problems): GatewayStage {
  return (exchange) => {
    const { request, route } = exchange;
    const limit = route?.bodyLimitBytes ?? defaultBytes;
    const length = Buffer.isBuffer(request.body) ? request.body.length : Number(request.headers['content-length'] ?? 0);
    if (!(length > limit)) return undefined;
    return problems.answer(
      exchange,
      413,
      'body-too-large',
      `the request body is ${length} bytes; this route accepts at most ${limit}. Send a smaller body`,
    );
  };
}
