import { createRequestValidators, type RequestValidators, type Static, type TSchema } from '@mosaic/kit/http';
import type { FastifyRequest } from 'fastify';
import { badRequest, COMMON_CODES } from '../contracts/envelope.ts';
import { imageTypeOf, type StoredFile } from './files.ts';
import { LOGO_MAX_BYTES } from './schemas.ts';

/** An uploaded file as a form's schema sees it (`logo`). */
interface Upload {
  filename: string;
  bytes: Buffer;
}

/** The club's forms carry one file, the logo, and a few text fields. */
const FORM_LIMITS = { fileSize: LOGO_MAX_BYTES, files: 1, fields: 20 };

type SchemaErrors = NonNullable<ReturnType<RequestValidators['compile']>['errors']>;

/**
 * Fastify's own shape for a request part that fails its schema: the kit answers it as it answers every
 * schema failure (400, -203, each bad field listed), so a bad form reads like any bad body.
 */
class FormRefused extends Error {
  readonly statusCode = 400;
  readonly validationContext = 'body';
  constructor(readonly validation: SchemaErrors) {
    super('the form does not match its schema');
  }
}

// The same rules as the service's body validation: the form is checked as sent, under the kit's strict schema.
const validators = createRequestValidators();

/**
 * A club form, read and checked as its body: a multipart form gives its text fields (a field sent twice, a
 * list) and its file as an `Upload`; any other body (JSON) is taken as it was parsed. The whole form is read
 * before the caller is looked at, so a form too large is 413 and a bad one 400 whoever sends it.
 */
export async function readForm<S extends TSchema>(request: FastifyRequest, schema: S): Promise<Static<S>> {
  const body = request.isMultipart() ? await multipartBody(request) : request.body;
  const validate = validators.compile('body', schema);
  // No body at all is checked as null, as Fastify checks a declared body schema ("body is required").
  const value = body === undefined ? null : body;
  if (!validate(value)) throw new FormRefused([...(validate.errors ?? [])]);
  // The validator has just checked the value against `schema`.
  return value as Static<S>;
}

async function multipartBody(request: FastifyRequest): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  const add = (name: string, value: unknown) => {
    const seen = body[name];
    body[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  };
  for await (const part of request.parts({ limits: FORM_LIMITS })) {
    if (part.type === 'file') add(part.fieldname, { filename: part.filename, bytes: await part.toBuffer() });
    else add(part.fieldname, part.value);
  }
  return body;
}

/** The logo a form carries: refused unless it is a non-empty PNG, JPEG, GIF or WebP (by its bytes). */
export function logoOf(value: unknown, field: string): StoredFile {
  const bytes = isUpload(value) ? value.bytes : undefined;
  if (!bytes) {
    throw badRequest(`${field} must be an image file sent as multipart/form-data`, COMMON_CODES.validationFailed);
  }
  if (bytes.length === 0) throw badRequest(`${field} is an empty file`, COMMON_CODES.validationFailed);
  const contentType = imageTypeOf(bytes);
  if (!contentType) {
    throw badRequest(`${field} must be a PNG, JPEG, GIF or WebP image`, COMMON_CODES.validationFailed);
  }
  return { contentType, bytes };
}

function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && 'bytes' in value && Buffer.isBuffer(value.bytes);
}
