import type { MultipartFile } from '@fastify/multipart';
import { createRequestValidators, describeSchemaErrors, type Static, type TSchema } from '@mosaic/kit/http';
import type { FastifyRequest } from 'fastify';
import { badRequest, COMMON_CODES } from '../contracts/envelope.ts';

/** A multipart request read whole: its text fields and its one file. */
export interface MultipartForm {
  fields: Record<string, string>;
  file?: { field: string; filename: string; mimetype: string; data: Buffer };
}

/** Reads a multipart body; refuses another content type (400 -201) and a file over `maxBytes` (413). */
export async function readForm(request: FastifyRequest, fileField: string, maxBytes: number): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    throw badRequest('send this request as multipart/form-data', COMMON_CODES.unsupportedContentType);
  }
  const form: MultipartForm = { fields: {} };
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 30 } })) {
    if (part.type === 'field') {
      form.fields[part.fieldname] = String(part.value);
      continue;
    }
    const file = part as MultipartFile;
    const data = await file.toBuffer();
    if (file.fieldname === fileField) {
      form.file = { field: file.fieldname, filename: file.filename, mimetype: file.mimetype, data };
    }
  }
  return form;
}

// Form fields are text, like a query: they are read as their declared types, under the kit's strict rules.
const validators = createRequestValidators();

/** Validates form fields against their schema (numbers read from text), with the envelope's 400 -203 on failure. */
export function checkFields<S extends TSchema>(schema: S, fields: Record<string, string>): Static<S> {
  const validate = validators.compile('querystring', schema);
  const value: Record<string, unknown> = { ...fields };
  if (!validate(value)) {
    const detail = describeSchemaErrors('body', validate.errors ?? [], value)
      .map((e) => `${e.field} ${e.message}`)
      .join('; ');
    throw badRequest(`the request is invalid: ${detail}`, COMMON_CODES.validationFailed);
  }
  // The validator has just checked (and coerced) the value against `schema`.
  return value as Static<S>;
}

const SIGNATURES: readonly { type: string; test: (b: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    type: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/**
 * The image's type from its first bytes, never from what the client claimed: the file is served back to
 * browsers, and a "photo" that is really HTML must not be.
 */
export function imageType(data: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(data))?.type;
}
