import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { isPlainText } from './plain-text.ts';
import { describeSchemaErrors, type FieldError } from './schema-errors.ts';
import { type JSONSchema, PLAIN_TEXT_KEYWORD, strictSchema } from './strict-schema.ts';

/** The parts of a request a route may give a schema for, as Fastify names them. */
export type RequestPart = 'params' | 'querystring' | 'body' | 'headers';

export interface RequestValidators {
  /** A validator for one part, under the strict rules (see `strictSchema`); throws when the schema is broken. */
  compile(part: RequestPart, schema: JSONSchema): ValidateFunction;
}

const SHARED: Options = { allErrors: true, useDefaults: true, strict: false, verbose: true };

/**
 * The one place request checking is configured, for the gateway and every service alike, so both accept
 * exactly the same requests. Path and query values arrive as text and are read as the declared type
 * (`?page=2` is the integer 2); a JSON body is already typed and is taken as sent (`"qty":"2"` is not a number).
 */
export function createRequestValidators(): RequestValidators {
  const fromText = withKeywords(new Ajv({ ...SHARED, coerceTypes: 'array' }));
  const asSent = withKeywords(new Ajv({ ...SHARED, coerceTypes: false }));
  const cache = new WeakMap<JSONSchema, Map<RequestPart, ValidateFunction>>();
  return {
    compile(part, schema) {
      let byPart = cache.get(schema);
      const known = byPart?.get(part);
      if (known) return known;
      const ajv = part === 'body' ? asSent : fromText;
      const validate = ajv.compile(strictSchema(schema));
      if (!byPart) {
        byPart = new Map();
        cache.set(schema, byPart);
      }
      byPart.set(part, validate);
      return validate;
    },
  };
}

function withKeywords(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS: its default export arrives either bare or wrapped, depending on the loader.
  const addFormats = ((formatsPlugin as { default?: unknown }).default ?? formatsPlugin) as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addKeyword({
    keyword: PLAIN_TEXT_KEYWORD,
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    validate: (wanted: boolean, value: string) => !wanted || isPlainText(value),
  });
  return ajv;
}

/** Runs one validator on a value and adds what is wrong with it to `errors`, named from the client's side. */
export function checkPart(validate: ValidateFunction, value: unknown, part: RequestPart, errors: FieldError[]): void {
  if (validate(value)) return;
  errors.push(...describeSchemaErrors(part, validate.errors ?? [], value));
}

export type { ErrorObject, FieldError };
