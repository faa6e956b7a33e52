import type { TokenClaims } from '../auth/claims.ts';

/** What a key template can read. */
export interface KeyInputs {
  params: Readonly<Record<string, string>> | undefined;
  query: Readonly<Record<string, unknown>>;
  claims: TokenClaims | undefined;
}

type Part =
  | { kind: 'text'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'claim'; name: string };

export interface KeyTemplate {
  readonly source: string;
  /** The claims it reads (so a public route using one is refused at start-up). */
  readonly claims: readonly string[];
  expand(inputs: KeyInputs): string;
}

const PLACEHOLDER = /:([A-Za-z_][A-Za-z0-9_]*)|\{(query|claims):([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/**
 * Compiles `outings.:outing_uuid.card`, `students.{claims:sub}.outings*`, `...start.{query:start}`. `*` is kept
 * as a wildcard only where the template has it (invalidation patterns); values are escaped so they never add
 * one, never contain the `@` that separates a private key's owner, and never fake a `.` separator.
 */
export function compileKeyTemplate(source: string, routeParams: ReadonlySet<string>, where: string): KeyTemplate {
  const parts: Part[] = [];
  const claims: string[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ kind: 'text', value: source.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      if (!routeParams.has(match[1])) {
        throw new Error(`${where}: the key '${source}' uses :${match[1]}, which the route path does not have`);
      }
      parts.push({ kind: 'param', name: match[1] });
    } else if (match[2] === 'query') {
      parts.push({ kind: 'query', name: match[3]! });
    } else {
      claims.push(match[3]!);
      parts.push({ kind: 'claim', name: match[3]! });
    }
  }
  if (last < source.length) parts.push({ kind: 'text', value: source.slice(last) });
  if (source.includes('@'))
    throw new Error(`${where}: the key '${source}' contains '@', which marks a private key's owner`);
  return {
    source,
    claims,
    expand(inputs) {
      let key = '';
      for (const part of parts) {
        switch (part.kind) {
          case 'text':
            key += part.value;
            break;
          case 'param':
            key += escapeKeyValue(inputs.params?.[part.name] ?? '');
            break;
          case 'query':
            key += escapeKeyValue(queryValue(inputs.query[part.name]));
            break;
          case 'claim':
            key += escapeKeyValue(String(inputs.claims?.[part.name] ?? ''));
            break;
        }
      }
      return key;
    },
  };
}

/** The owner suffix of a private key: every user's copy of `outings.7` is `outings.7@<sub>`. */
export function ownedKey(key: string, subject: string): string {
  return `${key}@${escapeKeyValue(subject)}`;
}

function queryValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** Percent-encoding plus the characters encodeURIComponent leaves alone but keys give meaning to. */
export function escapeKeyValue(value: string): string {
  return encodeURIComponent(value).replace(/[.*!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
