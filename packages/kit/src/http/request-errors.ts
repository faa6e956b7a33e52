import { isValueRefused } from '../store/errors.ts';
import type { Reason } from './catalog.ts';
import { describeSchemaErrors, type FieldError } from './schema-errors.ts';

/** A request the server could not take because of what the client sent: how to answer it. */
export interface RequestRefusal {
  status: number;
  reason: Reason;
  detail: string;
  errors?: FieldError[];
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

/**
 * What Fastify and the stores raise because of a client's input, in the kit's reasons and words (never
 * Fastify's error codes, never a driver's message); undefined for anything else, which is a 500. Shared by
 * the kit's problem answers and a system's own error body, so both refuse the same things the same way.
 */
export function refusalOf(error: unknown): RequestRefusal | undefined {
  const e = (error ?? {}) as FrameworkError;
  if (Array.isArray(e.validation)) {
    const errors = describeSchemaErrors(
      typeof e.validationContext === 'string' ? e.validationContext : undefined,
      e.validation,
    );
    return {
      status: 400,
      reason: 'invalid-request',
      detail: errors.map((x) => `${x.field} ${x.message}`).join('; '),
      errors,
    };
  }
  if (isValueRefused(error)) {
    return {
      status: 400,
      reason: 'invalid-value',
      detail:
        'a value in the request cannot be stored (out of range, too long or not text); check the values and send it again',
    };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        reason: 'unsupported-media-type',
        detail: 'this route takes a JSON body: send it with Content-Type: application/json',
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, reason: 'malformed-json', detail: 'the body is not valid JSON; fix it and send it again' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, reason: 'body-too-large', detail: 'the body is larger than this route takes; send less' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, reason: 'bad-content-length', detail: 'Content-Length does not match the body sent' };
    case 'FST_ERR_BAD_URL':
      return { status: 400, reason: 'bad-url', detail: 'the request path is not a valid URL (bad percent-encoding)' };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      reason: 'bad-request',
      detail: 'the request cannot be handled as sent; check it against /openapi.json',
    };
  }
  return undefined;
}
