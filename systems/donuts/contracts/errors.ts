import type { ErrorBody, ErrorFacts } from '@mosaic/kit/http';

/**
 * The seed answers `{"message": …}` with no envelope (spec §4); every donuts refusal does too, with what a
 * client may act on beside it (the rule, each bad field, the request id to quote to an operator).
 */
export const errorBody: ErrorBody = (error: ErrorFacts) => {
  const { retryAfterSec: _retry, ...extra } = error.extra ?? {};
  return {
    message: error.detail,
    ...extra,
    ...(error.errors ? { errors: error.errors } : {}),
    requestId: error.requestId,
  };
};
