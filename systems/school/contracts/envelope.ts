import type { GatewayProblem } from '@mosaic/kit/gateway';
import { refusalOf } from '@mosaic/kit/http';
import { HttpError } from '@mosaic/kit/service';
import type { FastifyError, FastifyInstance } from 'fastify';
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

/**
 * A refusal with a domain code. Use cases throw it; the envelope error handler sends
 * `{status, code, message}`. Built on the kit's HttpError so kit code that catches those still understands it.
 */
export class SchoolError extends HttpError {
  constructor(
    status: number,
    readonly code: number,
    message: string,
    extra: { retryAfterSec?: number } = {},
  ) {
    super(status, `school-${status}${code === 0 ? '' : code}`, message, { code, ...extra });
    this.name = 'SchoolError';
  }
}

export const fail = (status: number, code: number, message: string) => new SchoolError(status, code, message);
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
 * Makes every error of the routes registered on `app` (a service's encapsulated plugin) an envelope:
 * domain errors keep their code; what the kit refuses of a client's input (`refusalOf`: a schema failure, a
 * body that is not JSON, a value the database cannot hold) keeps the kit's status and message with the seed's
 * code (`gatewayCode`: -203 validation, -202 unreadable body, -201 not JSON); anything unexpected is 500 code 0, logged.
 */
export function useEnvelopeErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof SchoolError) {
      const { retryAfterSec } = error.extra;
      if (typeof retryAfterSec === 'number') reply.header('retry-after', String(retryAfterSec));
      return reply.code(error.status).send(envelopeOf(error));
    }
    if (error instanceof HttpError) {
      const code = typeof error.extra.code === 'number' ? error.extra.code : 0;
      return reply.code(error.status).send({ status: error.status, code, message: error.message });
    }
    const refusal = refusalOf(error);
    if (refusal) {
      const { status, reason, detail, errors } = refusal;
      return reply
        .code(status)
        .send({ status, code: gatewayCode(reason), message: detail, ...(errors ? { errors } : {}) });
    }
    // The service's logger, not request.log: that one binds the request id again, which the mixin already adds.
    request.server.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send({ status: 500, code: 0, message: 'the service failed to handle the request; it has been logged' });
  });
}

export function envelopeOf(error: SchoolError): Envelope {
  return { status: error.status, code: error.code, message: error.message };
}

/**
 * The school gateway's error body: the seed's envelope, with the seed's gateway code for the refusal's reason
 * (spec §0 COMMON, `gateway-codes.ts`) and the request id so a user can quote it.
 */
export function gatewayErrorBody(problem: GatewayProblem): Envelope {
  return {
    status: problem.status,
    code: gatewayCode(problem.reason),
    message: problem.detail,
    request_id: problem.requestId,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}
