import type { ErrorBody, ErrorFacts, Reason } from '../http/catalog.ts';
import { problem } from '../service/problem.ts';
import type { GatewayAnswer, ProblemSite } from './pipeline.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Makes every error answer of one gateway, in the system's body format. */
export interface Problems {
  answer(
    site: ProblemSite,
    status: number,
    reason: Reason,
    detail: string,
    extra?: { headers?: Record<string, string>; errors?: ErrorFacts['errors'] },
  ): GatewayAnswer;
}

/**
 * RFC 9457 by default; a system's `errorBody` otherwise (as `application/json`). Either way the status, the
 * headers (Retry-After, Allow, WWW-Authenticate) and the request id are the gateway's. A system that numbers
 * its errors maps the `reason` itself: the kit knows no system's codes.
 */
export function createProblems(errorBody: ErrorBody | undefined): Problems {
  return {
    answer(site, status, reason, detail, extra = {}) {
      const headers = { ...extra.headers };
      if (errorBody) {
        const body = errorBody({
          status,
          reason,
          detail,
          requestId: site.requestId,
          ...(extra.errors ? { errors: extra.errors } : {}),
        });
        headers['content-type'] = 'application/json; charset=utf-8';
        return { status, headers, body: JSON.stringify(body) };
      }
      // The path only: a query may carry something that should not be echoed into logs or client bug reports.
      const instance = site.url.split('?', 1)[0];
      const body = problem(status, reason, detail, {
        instance,
        requestId: site.requestId,
        ...(extra.errors ? { errors: extra.errors } : {}),
      });
      headers['content-type'] = PROBLEM_CONTENT_TYPE;
      return { status, headers, body: JSON.stringify(body) };
    },
  };
}
