import type { ErrorObject } from 'ajv';
import { PLAIN_TEXT_KEYWORD } from './strict-schema.ts';

/** One thing wrong with a request, e.g. `{ field: 'body.qty', message: 'must be an integer, got a string' }`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A schema's own words for a pattern, used in place of the regular expression when a value does not match:
 * `{ type: 'string', pattern: '^[0-9]{2,15}$', [PATTERN_MEANS]: 'digits only, 2 to 15 of them' }`.
 */
export const PATTERN_MEANS = 'x-pattern-means';

const PART_NAMES: Readonly<Record<string, string>> = { querystring: 'query', params: 'params', body: 'body' };

/** Ajv's errors in the client's words: which field, and what it must be (allowed values listed, no regexes). */
export function describeSchemaErrors(
  part: string | undefined,
  errors: readonly ErrorObject[],
  value?: unknown,
): FieldError[] {
  const where = PART_NAMES[part ?? 'body'] ?? part ?? 'body';
  if (where === 'body' && value === undefined && errors.some((e) => e.instancePath === '' && e.keyword === 'type')) {
    return [{ field: 'body', message: 'is required: send a JSON object with Content-Type: application/json' }];
  }
  return errors.map((error) => ({ field: fieldOf(where, error), message: messageOf(where, error) }));
}

function fieldOf(where: string, error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as Record<string, unknown>;
  const named =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : undefined;
  return [where, path, named].filter(Boolean).join('.');
}

function messageOf(where: string, error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return where === 'query' ? 'is not a parameter of this route' : 'is not a field this request takes';
    case 'type':
      return `must be ${typeName(params.type)}${gotOf(error.data, where)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(shown).join(', ')}`;
    case 'const':
      return `must be ${shown(params.allowedValue)}`;
    case 'pattern':
      return typeof schema[PATTERN_MEANS] === 'string'
        ? `must be ${schema[PATTERN_MEANS]}`
        : 'is not in the form this field takes (see the schema in /openapi.json)';
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minimum':
      return `must be at least ${params.limit}`;
    case 'maximum':
      return `must be at most ${params.limit}`;
    case 'exclusiveMinimum':
      return `must be more than ${params.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${params.limit}`;
    case 'minItems':
      return `must have at least ${params.limit} items`;
    case 'maxItems':
      return `must have at most ${params.limit} items`;
    case 'format':
      return `must be a valid ${params.format}`;
    case PLAIN_TEXT_KEYWORD:
      return 'must not contain NUL characters or unpaired surrogates';
    default:
      return error.message ?? 'is invalid';
  }
}

function typeName(type: unknown): string {
  const names = (Array.isArray(type) ? type : String(type).split(',')).map((t) => {
    const name = String(t);
    return name === 'integer' || name === 'object' || name === 'array' ? `an ${name}` : `a ${name}`;
  });
  return names.join(' or ');
}

/** JSON's own type of a value; for the body only, where the client chose it (query values are always text). */
function gotOf(data: unknown, where: string): string {
  if (where !== 'body') return '';
  const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : `${article(typeof data)}`;
  return `, got ${got}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
