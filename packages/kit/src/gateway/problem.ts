import { problem } from '../service/problem.ts';
import type { GatewayAnswer } from './pipeline.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 answer. `reason` becomes the problem type; `detail` says what happened and what to do. */
export function problemAnswer(
  request: { url: string; requestId: string },
  status: number,
  reason: string,
  detail: string,
  headers: Record<string, string> = {},
): GatewayAnswer {
  // The path only: a query may carry something that should not be echoed into logs or client bug reports.
  const instance = request.url.split('?', 1)[0];
  const body = problem(status, reason, detail, { instance, requestId: request.requestId });
  return { status, headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(body) };
}
