import { HttpError } from '@mosaic/kit/service';
import type { FastifyError, FastifyInstance } from 'fastify';

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
export const unauthorized = (message: string, code = 0) => new SchoolError(401, code, message);
/** Another service this route needs did not answer: 503 with Retry-After, code 0. */
export const unavailable = (message: string, retryAfterSec = 5) => new SchoolError(503, 0, message, { retryAfterSec });

/**
 * Makes every error of the routes registered on `app` (a service's encapsulated plugin) an envelope:
 * domain errors keep their code, schema failures are 400 -203 naming each field, a malformed body is
 * 400 -202, an unsupported content type 400 -201, anything unexpected 500 code 0 (and is logged).
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
    if (error.validation) {
      const errors = error.validation.map((v) => ({
        field: fieldOf(error.validationContext, v.instancePath, v.params),
        message: v.message ?? 'is invalid',
      }));
      const message = `the request is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
      return reply.code(400).send({ status: 400, code: COMMON_CODES.validationFailed, message, errors });
    }
    const status = error.statusCode ?? 500;
    if (status === 415) {
      const message = `unsupported Content-Type ${request.headers['content-type'] ?? '(none)'}; send application/json`;
      return reply.code(400).send({ status: 400, code: COMMON_CODES.unsupportedContentType, message });
    }
    if (status === 413) {
      return reply.code(413).send({ status: 413, code: 0, message: 'the request body is too large' });
    }
    if (status >= 400 && status < 500) {
      const message = `the request could not be read (${error.message}); fix it and send it again`;
      return reply.code(400).send({ status: 400, code: COMMON_CODES.bindFailed, message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send({ status: 500, code: 0, message: 'the service failed to handle the request; it has been logged' });
  });
}

export function envelopeOf(error: SchoolError): Envelope {
  return { status: error.status, code: error.code, message: error.message };
}

/** The problem the gateway hands its `errorBody` hook (issue 4). */
export interface GatewayProblem {
  status: number;
  reason: string;
  detail: string;
  requestId: string;
  code?: number;
  errors?: readonly { field: string; message: string }[];
}

/**
 * The school gateway's error body: the seed's envelope, with the seed's gateway codes where one existed
 * (spec §0 COMMON) and the request id so a user can quote it.
 */
export function gatewayErrorBody(problem: GatewayProblem): Envelope {
  return {
    status: problem.status,
    code: problem.code ?? gatewayCode(problem.reason),
    message: problem.detail,
    request_id: problem.requestId,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

function gatewayCode(reason: string): number {
  switch (reason) {
    case 'token-missing':
      return COMMON_CODES.noAuthorization;
    case 'token-invalid-signature':
      return -103;
    case 'token-expired':
      return -104;
    case 'token-invalid-claims':
      return -105;
    case 'unsupported-media-type':
      return COMMON_CODES.unsupportedContentType;
    case 'invalid-request':
      return COMMON_CODES.validationFailed;
    case 'no-instance':
      return COMMON_CODES.noInstance;
    case 'circuit-open':
      return COMMON_CODES.breakerOpen;
    default:
      return 0;
  }
}

function fieldOf(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const name = [path, missing].filter(Boolean).join('.');
  return [context ?? 'body', name].filter(Boolean).join('.');
}
