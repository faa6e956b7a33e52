import fc from 'fast-check';
import type { Operation, Schema } from './operations.ts';
import { encodeComponent, hostileJson, hostileNumber, hostileWord } from './values.ts';

export interface HostileRequest {
  method: string;
  /** Path and query, encoded. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** A plausible value for a schema, so that a request can get past one field and be wrong in another. */
export function plausible(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (type) {
    case 'integer': {
      const min = typeof schema?.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema?.maximum === 'number' ? schema.maximum : Math.max(min, 1000);
      return fc.integer({ min, max: Math.min(max, min + 1000) });
    }
    case 'number':
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(schema?.items as Schema | undefined), { maxLength: 2 });
    case 'object':
      return objectOf(schema, plausible, true);
    default:
      return plausibleText(schema);
  }
}

function plausibleText(schema: Schema | undefined): fc.Arbitrary<string> {
  if (schema?.format === 'uuid') return fc.uuid();
  if (schema?.format === 'date') return fc.constant('2026-03-02');
  if (schema?.format === 'date-time') return fc.constant('2026-03-02T09:00:00+09:00');
  if (schema?.format === 'email') return fc.constant('someone@example.com');
  if (typeof schema?.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= 200);
    } catch {
      // A pattern JavaScript cannot read: fall through to plain text.
    }
  }
  const minLength = typeof schema?.minLength === 'number' ? schema.minLength : 1;
  const maxLength = typeof schema?.maxLength === 'number' ? Math.min(schema.maxLength, 20) : 12;
  return fc.string({ minLength: Math.min(minLength, maxLength), maxLength });
}

/** A field's value: usually plausible, often hostile. */
function fieldValue(schema: Schema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: plausible(schema) }, { weight: 3, arbitrary: hostileJson });
}

function objectOf(
  schema: Schema | undefined,
  value: (s: Schema | undefined) => fc.Arbitrary<unknown>,
  every = false,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) record[name] = value(properties[name]);
  if (names.length === 0) return fc.constant({});
  return every ? fc.record(record) : fc.record(record, { requiredKeys: [] });
}

/** Every field plausible but one, so the request gets past most checks and tests the one that is left. */
function nearlyValid(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys((schema.properties ?? {}) as object);
  return fc.tuple(objectOf(schema, plausible, true), fc.nat(), hostileJson).map(([fields, index, bad]) => {
    if (names.length > 0) fields[names[index % names.length]!] = bad;
    return fields;
  });
}

/** A JSON body for the operation: a near-valid object with hostile fields, extra or prototype keys, or junk. */
function bodyOf(schema: Schema): fc.Arbitrary<{ text: string; type: string }> {
  const asJson = (text: string) => ({ text, type: 'application/json' });
  const object = fc
    .tuple(
      fc.oneof(objectOf(schema, fieldValue), nearlyValid(schema)),
      fc.option(fc.constantFrom('__proto__', 'constructor', 'unknownField', 'a'.repeat(300)), { nil: undefined }),
    )
    .map(([fields, extra]) => {
      const text = JSON.stringify(fields);
      if (!extra) return asJson(text);
      const more = `"${extra}":{"polluted":true}`;
      return asJson(text === '{}' ? `{${more}}` : `${text.slice(0, -1)},${more}}`);
    });
  return fc.oneof(
    { weight: 6, arbitrary: object },
    { weight: 1, arbitrary: hostileJson.map((value) => asJson(JSON.stringify(value) ?? 'null')) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '', 'null').map(asJson) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml')
        .map((type) => ({ text: '{"a":1}', type })),
    },
  );
}

function queryOf(query: Readonly<Record<string, Schema>>): fc.Arbitrary<string> {
  const declared = Object.entries(query).map(([name, schema]) =>
    fc.option(
      fc.oneof(plausible(schema).map(String), hostileWord).map((value) => `${name}=${encodeComponent(value)}`),
      { nil: undefined },
    ),
  );
  const unknown = fc.option(
    fc.constantFrom(
      '__proto__=1',
      'constructor=1',
      'debug=true',
      'size=1&size=2',
      `${Object.keys(query)[0] ?? 'x'}[]=1`,
    ),
    { nil: undefined },
  );
  return fc.tuple(fc.tuple(...declared), unknown).map(([values, extra]) => {
    const parts = [...values, extra].filter((part): part is string => part !== undefined);
    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  });
}

/** Requests for one operation, as one caller (an Authorization header value, or none). */
export function requestsFor(operation: Operation, authorization: string | undefined): fc.Arbitrary<HostileRequest> {
  const params = operation.pathParams.map((name) =>
    fc.oneof(plausible(operation.params[name]).map(String), hostileWord, hostileNumber.map(String)),
  );
  const body = operation.body ? fc.option(bodyOf(operation.body), { nil: undefined, freq: 8 }) : fc.constant(undefined);
  return fc.tuple(fc.tuple(...params), queryOf(operation.query), body).map(([values, query, sent]) => {
    let i = 0;
    const path = operation.path.replace(/\{[^}]+\}/g, () => encodeComponent(values[i++] ?? ''));
    const headers: Record<string, string> = {};
    if (authorization) headers.authorization = authorization;
    if (sent) headers['content-type'] = sent.type;
    return {
      method: operation.method,
      target: path + query,
      headers,
      ...(sent ? { body: sent.text } : {}),
    };
  });
}
