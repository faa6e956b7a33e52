import fc from 'fast-check';
import type { Operation, Schema } from './operations.ts';
import { type HostileRequest, plausible } from './requests.ts';
import { encodeComponent } from './values.ts';

/**
 * The values that have broken servers before, each tried in every slot of every operation while the other
 * slots hold plausible values: so each reaches the check (or the store) it is aimed at, instead of being
 * stopped by a neighbour. Random search (requests.ts) finds the unexpected; this finds the known, every time.
 */
const CATALOGUE: readonly { name: string; value: unknown }[] = [
  { name: 'NUL', value: 'a\u0000b' },
  { name: 'lone surrogate', value: 'x\ud800y' },
  { name: 'past int32', value: 3_000_000_000 },
  { name: 'past 64 bits', value: '99999999999999999999' },
  { name: 'negative', value: -1 },
  { name: 'fraction', value: 1.5 },
  { name: '70 kB', value: 'x'.repeat(70_000) },
  { name: 'object', value: { __proto__: null, a: 1 } },
  { name: 'traversal', value: '../../etc/passwd' },
];

interface Slot {
  where: 'path' | 'query' | 'body';
  name: string;
  schema: Schema | undefined;
}

/** One request per (slot, catalogue value) of the operation. */
export function catalogueRequests(operation: Operation, authorization: string | undefined): HostileRequest[] {
  const bodyFields = (operation.body?.properties ?? {}) as Record<string, Schema>;
  const slots: Slot[] = [
    ...operation.pathParams.map((name): Slot => ({ where: 'path', name, schema: operation.params[name] })),
    ...Object.entries(operation.query).map(([name, schema]): Slot => ({ where: 'query', name, schema })),
    ...Object.entries(bodyFields).map(([name, schema]): Slot => ({ where: 'body', name, schema })),
  ];
  const base = {
    path: Object.fromEntries(operation.pathParams.map((name) => [name, String(sample(operation.params[name]))])),
    query: Object.fromEntries(Object.entries(operation.query).map(([name, schema]) => [name, sample(schema)])),
    body: Object.fromEntries(Object.entries(bodyFields).map(([name, schema]) => [name, sample(schema)])),
  };
  const requests: HostileRequest[] = [];
  for (const slot of slots) {
    for (const { value } of CATALOGUE) {
      const path = { ...base.path };
      const query: Record<string, unknown> = { ...base.query };
      const body: Record<string, unknown> = { ...base.body };
      if (slot.where === 'path') path[slot.name] = String(typeof value === 'object' ? '[object]' : value);
      else if (slot.where === 'query') query[slot.name] = typeof value === 'object' ? '[object]' : value;
      else body[slot.name] = value;
      requests.push(build(operation, authorization, path, query, operation.body ? body : undefined));
    }
  }
  if (operation.body) {
    // Keys that reach a prototype, at the top of the body.
    const polluted = `${JSON.stringify(base.body).slice(0, -1)}${Object.keys(base.body).length ? ',' : ''}"__proto__":{"admin":true}}`;
    requests.push({
      ...build(operation, authorization, base.path, base.query, undefined),
      body: polluted,
      headers: json(authorization),
    });
  }
  return requests;
}

function sample(schema: Schema | undefined): unknown {
  return fc.sample(plausible(schema), { numRuns: 1, seed: 7 })[0];
}

function json(authorization: string | undefined): Record<string, string> {
  return { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
}

function build(
  operation: Operation,
  authorization: string | undefined,
  path: Record<string, string>,
  query: Record<string, unknown>,
  body: Record<string, unknown> | undefined,
): HostileRequest {
  const target = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeComponent(path[name] ?? '1'));
  const search = Object.entries(query)
    .map(([name, value]) => `${name}=${encodeComponent(String(value))}`)
    .join('&');
  return {
    method: operation.method,
    target: search ? `${target}?${search}` : target,
    headers: body ? json(authorization) : authorization ? { authorization } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
  };
}
