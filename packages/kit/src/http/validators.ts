import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { isPlainText } from './plain-text.ts';
import { describeSchemaErrors, type FieldError } from './schema-errors.ts';
import { type JSONSchema, PLAIN_TEXT_KEYWORD, strictSchema } from './strict-schema.ts';

/** The parts of a request a route may give a schema for, as Fastify names them. */
export type RequestPart = 'params' | 'querystring' | 'body' | 'headers';

export interface RequestValidators {
  /** A validator for one part, under the strict rules (see `strictSchema`); throws on first use when the schema is broken. */
  compile(part: RequestPart, schema: JSONSchema): ValidateFunction;
}

const SHARED: Options = { allErrors: true, useDefaults: true, strict: false, verbose: true };

let shared: RequestValidators | undefined;

/**
 * The one place request checking is configured, for the gateway and every service alike, so both accept
 * exactly the same requests. Path and query values arrive as text and are read as the declared type
 * (`?page=2` is the integer 2); a JSON body is already typed and is taken as sent (`"qty":"2"` is not a number).
 *
 * One per process, and each validator compiled on its first use: compiling every route's schemas at start-up
 * was a sixth of `npm start`'s CPU, most of it for routes nobody had called yet, and the gateway and the
 * service it fronts share their schemas. A schema that does not compile fails its first request with a 500,
 * logged with the request (the hostile-input sweep calls every route of every system, so a test finds it first).
 */
export function createRequestValidators(): RequestValidators {
  shared ??= compilingOnFirstUse();
  return shared;
}

function compilingOnFirstUse(): RequestValidators {
  const fromText = withKeywords(new Ajv({ ...SHARED, coerceTypes: 'array' }));
  const asSent = withKeywords(new Ajv({ ...SHARED, coerceTypes: false }));
  const cache = new WeakMap<JSONSchema, Map<RequestPart, ValidateFunction>>();
  return {
    compile(part, schema) {
      let byPart = cache.get(schema);
      const known = byPart?.get(part);
      if (known) return known;
      const ajv = part === 'body' ? asSent : fromText;
      const validate = onFirstUse(() => ajv.compile(strictSchema(schema)));
      if (!byPart) {
        byPart = new Map();
        cache.set(schema, byPart);
      }
      byPart.set(part, validate);
      return validate;
    },
  };
}

/** A validator that compiles its schema when it is first called, and then is that compiled validator. */
function onFirstUse(compileNow: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compileNow();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
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
