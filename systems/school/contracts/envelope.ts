import type { ErrorBody, Reason } from '@mosaic/kit/http';
import { HttpError } from '@mosaic/kit/service';
import { gatewayCode } from './gateway-codes.ts';

/**
 * The seed's response envelope (spec §0): every answer is `{status, code, message, ...payload}`, `status`
 * repeats the HTTP status and `code` is 0 or a negative domain code. Every school service answers in it, on
 * success and on error, and the gateway's own errors are rendered in it too (`gatewayErrorBody`).
 */
export interface Envelope {
  status: number;
  code: number;
  message: string;
  [payload: string]: unknown;
}

/** A success body: `status` is the HTTP status it is sent with, `code` is 0. */
export function ok(status: number, message: string, payload: Record<string, unknown> = {}): Envelope {
  return { ...payload, status, code: 0, message };
}

/** Codes the seed's gateway used for its own refusals (UT:code/golang/gateway.go), and the 400s every service shares. */
export const COMMON_CODES = {
  noAuthorization: -101,
  unsupportedContentType: -201,
  bindFailed: -202,
  validationFailed: -203,
  noInstance: -301,
  breakerOpen: -302,
} as const;

/** The kit's reason for a school status: the kit answers by reason, the school by status and code. */
const REASON_OF_STATUS = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  // The seed's own answer when a service it needed did not answer in time.
  408: 'timed-out',
  409: 'conflict',
  502: 'upstream-unreachable',
  503: 'unavailable',
} as const satisfies Readonly<Record<number, Reason>>;

/** The statuses school's refusals use. */
export type SchoolStatus = keyof typeof REASON_OF_STATUS;

/**
 * A refusal with a domain code. Use cases throw it; the service's `errorBody` sends `{status, code, message}`.
 * Built on the kit's HttpError, so the kit answers it with the status and Retry-After it carries.
 */
export class SchoolError extends HttpError {
  constructor(
    status: SchoolStatus,
    readonly code: number,
    message: string,
    extra: { retryAfterSec?: number } = {},
  ) {
    super(REASON_OF_STATUS[status], message, { code, ...extra });
    this.name = 'SchoolError';
  }
}

export const fail = (status: SchoolStatus, code: number, message: string) => new SchoolError(status, code, message);
export const badRequest = (message: string, code = 0) => new SchoolError(400, code, message);
export const forbidden = (message: string, code = 0) => new SchoolError(403, code, message);
export const notFound = (message: string, code = 0) => new SchoolError(404, code, message);
export const conflict = (code: number, message: string) => new SchoolError(409, code, message);
/**
 * 401: the caller is not known (no token, or credentials that do not sign in). A known caller whose role may
 * not do something is refused with `forbidden` (403), never with this.
 */
export const unauthorized = (message: string, code = 0) => new SchoolError(401, code, message);
/** Another service this route needs did not answer: 503 with Retry-After, code 0. */
export const unavailable = (message: string, retryAfterSec = 5) => new SchoolError(503, 0, message, { retryAfterSec });

/**
 * Every school service's error body: a domain refusal keeps its code; what the kit refuses of a client's input
 * (a schema failure, a body that is not JSON, a value the database cannot hold) keeps the kit's status and
 * message with the seed's code (`gatewayCode`: -203 validation, -202 unreadable body, -201 not JSON);
 * anything unexpected is 500 code 0 (the kit logs it).
 */
export const serviceErrorBody: ErrorBody = (error) => {
  const code = typeof error.extra?.code === 'number' ? error.extra.code : gatewayCode(error.reason);
  return { status: error.status, code, message: error.detail, ...(error.errors ? { errors: error.errors } : {}) };
};

/**
 * The school gateway's error body: the seed's envelope, with the seed's gateway code for the refusal's reason
 * (spec §0 COMMON, `gateway-codes.ts`) and the request id so a user can quote it.
 */
export const gatewayErrorBody: ErrorBody = (problem): Envelope => ({
  status: problem.status,
  code: gatewayCode(problem.reason),
  message: problem.detail,
  request_id: problem.requestId,
  ...(problem.errors ? { errors: problem.errors } : {}),
});
