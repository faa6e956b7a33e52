/** A JSON Schema as plain data (the subset Ajv understands). */
export type JSONSchema = Readonly<Record<string, unknown>>;

/** What PostgreSQL's `integer` and MySQL's `INT` hold: an id or count past it is a client's mistake, not a 500. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** The keyword `strictSchema` puts on every string; the validators define it (see `plainText`). */
export const PLAIN_TEXT_KEYWORD = 'x-plain-text';

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMAS = ['items', 'not', 'if', 'then', 'else', 'contains', 'additionalProperties'] as const;

/**
 * The schema a request is checked against: the declared one made strict where it is silent, so every route
 * gets the same rules without repeating them.
 * - an object with `properties` refuses fields it does not name (unless it says `additionalProperties`);
 * - an integer without bounds is held to int32, the width of the columns ids and counts are stored in;
 * - a string may not carry NUL or an unpaired surrogate, which no database stores as text.
 * The declared schema is not changed (it is also the OpenAPI document's).
 */
export function strictSchema(schema: JSONSchema): JSONSchema {
  return strict(schema) as JSONSchema;
}

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(source[key])) out[key] = (source[key] as unknown[]).map(strict);
  for (const key of SUBSCHEMA_MAPS) {
    const map = source[key];
    if (map && typeof map === 'object') {
      out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, strict(sub)]));
    }
  }
  for (const key of SUBSCHEMAS) if (source[key] && typeof source[key] === 'object') out[key] = strict(source[key]);

  const types = typeList(source.type);
  if (source.properties && source.additionalProperties === undefined && !combines(source)) {
    out.additionalProperties = false;
  }
  if (types.includes('integer')) {
    if (source.minimum === undefined && source.exclusiveMinimum === undefined) out.minimum = INT32_MIN;
    if (source.maximum === undefined && source.exclusiveMaximum === undefined) out.maximum = INT32_MAX;
  }
  if (types.includes('string')) out[PLAIN_TEXT_KEYWORD] = true;
  return out;
}

function typeList(type: unknown): readonly unknown[] {
  return Array.isArray(type) ? type : [type];
}

/** Sibling `allOf`/`anyOf`/`oneOf` may name more properties: closing this level would refuse theirs. */
function combines(schema: Record<string, unknown>): boolean {
  return SUBSCHEMA_LISTS.some((key) => key !== 'prefixItems' && schema[key] !== undefined);
}
