import { type ErrorBody, type ErrorFacts, titleOf } from '@mosaic/kit/http';
import { type Answer, answer } from '@mosaic/kit/service';
import { tokenRefusal } from './token-codes.ts';

/**
 * The seed's envelope (spec §2): every answer is `{result, data, pagination}`, snake_case. Unlike the seed
 * (HTTP 200 carrying result_code 201, bug C-B14), the HTTP status always equals `result_code`.
 */
export interface Envelope<T = unknown> {
  result: { result_code: number; result_message: string; result_description: string };
  data: T | null;
  pagination: Pagination | null;
}

export interface Pagination {
  page: number;
  size: number;
  current_elements: number;
  total_elements: number;
  total_page: number;
}

/** The seed's word for success, verbatim (`Api.OK`, `Api.CREATE`). */
const SUCCESS = '성공';

/** A success: the envelope sent with `status` (200, 201). `description` replaces the seed's "성공" when it says more. */
export function ok<T>(
  status: number,
  data: T,
  options: { pagination?: Pagination; description?: string } = {},
): Answer {
  const body: Envelope<T> = {
    result: { result_code: status, result_message: SUCCESS, result_description: options.description ?? SUCCESS },
    data,
    pagination: options.pagination ?? null,
  };
  return answer(status, body);
}

/** The seed's own messages where it had one for the status (spec §2); otherwise the kit's title. */
const SEED_MESSAGES: Readonly<Record<number, string>> = { 400: '잘못된 요청', 500: '서버에러' };

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Every commerce refusal in the envelope: HTTP status = result_code, the reason's message, what was wrong in
 * `result_description`. What a use case added (`rule`, the product it names) and each bad field go in `data`,
 * so a client can act on them without parsing words; `data` is null when there is nothing more to say.
 * A refused token (the gateway's 401) speaks as the seed's gateway did: "Unauthorized", `코드(<code>) - …` with
 * the kit's words after it, and the code again in `data.token_code` (token-codes.ts).
 */
export const errorBody: ErrorBody = (error: ErrorFacts): Envelope => {
  const { retryAfterSec: _retry, ...extra } = error.extra ?? {};
  const details: Record<string, unknown> = Object.fromEntries(Object.entries(extra).map(([k, v]) => [snake(k), v]));
  if (error.errors) details.errors = error.errors;
  const token = tokenRefusal(error.reason, error.detail);
  if (token) details.token_code = token.code;
  return {
    result: {
      result_code: error.status,
      result_message: token?.message ?? SEED_MESSAGES[error.status] ?? titleOf(error.reason),
      result_description: token?.description ?? error.detail,
    },
    data: Object.keys(details).length > 0 ? details : null,
    pagination: null,
  };
};
