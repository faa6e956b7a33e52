import type { TokenClaims } from '../auth/claims.ts';

/** A JSON Schema (draft 2020-12 / 07 subset Ajv understands), as plain data: the same object the service uses. */
export type JSONSchema = Readonly<Record<string, unknown>>;

/** Who may call a route: anyone, holders of one of these roles (the token's `role` claim), or whoever the predicate accepts. */
export type RouteAuth = 'public' | readonly string[] | ((claims: TokenClaims) => boolean);

export interface RouteCache {
  /** Default 60. */
  ttlSec?: number;
  /**
   * Key template, e.g. `outings.:outing_uuid` or `students.{claims:sub}.outings.start.{query:start}`:
   * `:name` is a route parameter, `{query:name}` a query value (empty when absent), `{claims:name}` a claim
   * of the caller's token. Values are escaped, so a value cannot reach into another key or add a wildcard.
   */
  key: string;
  /**
   * The response belongs to the caller: the key also carries the caller's `sub`, so one user's answer is never
   * served to another. Use it for anything the service filters or checks by owner.
   */
  private?: boolean;
}

/**
 * One line of a gateway's route table: where requests go, and which stages apply. The gateway checks the
 * whole table at start-up (unknown parameters, a cache on a public route that needs a caller, ...).
 */
export interface GatewayRoute {
  /** One method, several, or '*' for any. A GET route also answers HEAD. */
  method: string | readonly string[];
  /**
   * `/orders` (exact), `/orders/:id` (a named segment), `/orders/**` (`/orders` itself and anything below).
   * When several routes match, the most specific wins: literal over `:param` over `**`, left to right.
   */
  path: string;
  /** The service name in the registry; requests go to its instances, path and query unchanged. */
  service: string;
  /** Default: any caller with a valid token, whatever its role. */
  auth?: RouteAuth;
  /** Checked at the gateway (400 listing each bad field) before the service is called. */
  schema?: { params?: JSONSchema; querystring?: JSONSchema; body?: JSONSchema };
  /** GET answers (200 only) kept in the shared cache. */
  cache?: RouteCache;
  /**
   * Cache key patterns removed after a 2xx answer (never after a failure): same placeholders as `cache.key`,
   * plus `*` for any run of characters (`outings.filter*`).
   */
  invalidates?: readonly string[];
  /** Overrides the gateway's default timeout for this route. */
  timeoutMs?: number;
  /** On a 2xx the caller's token is revoked until its exp (logout). */
  revokesToken?: true;
  /** Overrides the gateway's body limit for this route (413 beyond it). */
  bodyLimitBytes?: number;
  /** One line for the OpenAPI document. */
  summary?: string;
}

export type RouteMatch =
  | { kind: 'found'; route: GatewayRoute; params: Readonly<Record<string, string>> }
  | { kind: 'method-not-allowed'; allow: readonly string[] }
  | { kind: 'not-found' };

export interface RouteTable {
  readonly routes: readonly GatewayRoute[];
  /** `path` is the request target without its query. */
  match(method: string, path: string): RouteMatch;
}

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute {
  route: GatewayRoute;
  methods: ReadonlySet<string> | 'any';
  segments: readonly Segment[];
  /** Ends with `**`. */
  prefix: boolean;
  /** Specificity, compared left to right: 0 literal, 1 param, 2 `**`. Lower is more specific. */
  rank: readonly number[];
}

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
const METHOD = /^[A-Z]+$/;

/**
 * Checks a route table once, at start-up, so a typo fails the boot instead of a request. A table of tens of
 * routes is scanned linearly per request: simpler than a radix tree and not measurably slower at this size.
 */
export function compileRoutes(routes: readonly GatewayRoute[]): RouteTable {
  const compiled = routes.map(compileRoute);
  const seen = new Map<string, GatewayRoute>();
  for (const entry of compiled) {
    const shape =
      entry.segments.map((s) => (s.kind === 'param' ? ':' : s.value)).join('/') + (entry.prefix ? '/**' : '');
    const methods = entry.methods === 'any' ? ['*'] : [...entry.methods];
    for (const method of methods) {
      const key = `${method} ${shape}`;
      const earlier = seen.get(key);
      if (earlier) {
        throw new Error(
          `gateway routes ${describe(earlier)} and ${describe(entry.route)} both answer ${method} ${entry.route.path}; ` +
            'remove one or give them different methods',
        );
      }
      seen.set(key, entry.route);
    }
  }

  return {
    routes,
    match(method, path) {
      const segments = splitPath(path);
      if (!segments) return { kind: 'not-found' };
      let best: CompiledRoute | undefined;
      let params: Record<string, string> = {};
      const allow = new Set<string>();
      let pathMatched = false;
      for (const entry of compiled) {
        const found = matchSegments(entry, segments);
        if (!found) continue;
        pathMatched = true;
        if (!allows(entry, method)) {
          if (entry.methods !== 'any') for (const m of entry.methods) allow.add(m);
          continue;
        }
        if (!best || moreSpecific(entry, best)) {
          best = entry;
          params = found;
        }
      }
      if (best) return { kind: 'found', route: best.route, params };
      if (!pathMatched) return { kind: 'not-found' };
      if (allow.has('GET')) allow.add('HEAD');
      return { kind: 'method-not-allowed', allow: [...allow].sort() };
    },
  };
}

function compileRoute(route: GatewayRoute): CompiledRoute {
  const { path } = route;
  if (!path.startsWith('/')) throw new Error(`gateway route ${describe(route)}: the path must start with '/'`);
  if (path.includes('?')) throw new Error(`gateway route ${describe(route)}: the path must not carry a query`);
  const parts = path.slice(1).split('/');
  const prefix = parts[parts.length - 1] === '**';
  if (prefix) parts.pop();
  const names = new Set<string>();
  const segments = parts.map((part): Segment => {
    if (part.includes('*')) {
      throw new Error(`gateway route ${describe(route)}: '**' may only be the whole last segment, as in /orders/**`);
    }
    if (!part.startsWith(':')) return { kind: 'literal', value: part };
    const name = PARAM.exec(part)?.[1];
    if (!name) throw new Error(`gateway route ${describe(route)}: '${part}' is not a valid parameter (use :name)`);
    if (names.has(name)) throw new Error(`gateway route ${describe(route)}: parameter :${name} appears twice`);
    names.add(name);
    return { kind: 'param', name };
  });
  const rank: number[] = segments.map((s) => (s.kind === 'literal' ? 0 : 1));
  if (prefix) rank.push(2);
  return { route, methods: compileMethods(route), segments, prefix, rank };
}

function compileMethods(route: GatewayRoute): ReadonlySet<string> | 'any' {
  const listed = typeof route.method === 'string' ? [route.method] : [...route.method];
  if (listed.length === 0) throw new Error(`gateway route ${describe(route)}: give at least one method, or '*'`);
  if (listed.includes('*')) return 'any';
  const methods = new Set<string>();
  for (const method of listed) {
    const upper = method.toUpperCase();
    if (!METHOD.test(upper)) throw new Error(`gateway route ${describe(route)}: '${method}' is not an HTTP method`);
    methods.add(upper);
  }
  return methods;
}

/** Splits a request path into decoded segments; undefined when its percent-encoding is malformed. */
function splitPath(path: string): string[] | undefined {
  const raw = path.slice(1).split('/');
  try {
    // Compare decoded segments, so `/%6Frders` cannot slip past a route written `/orders`.
    return raw.map((segment) => (segment.includes('%') ? decodeURIComponent(segment) : segment));
  } catch {
    return undefined;
  }
}

function matchSegments(entry: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  const { segments: pattern, prefix } = entry;
  if (prefix ? segments.length < pattern.length : segments.length !== pattern.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.kind === 'literal') {
      if (expected.value !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      params ??= {};
      params[expected.name] = actual;
    }
  }
  return params ?? {};
}

function allows(entry: CompiledRoute, method: string): boolean {
  if (entry.methods === 'any') return true;
  return entry.methods.has(method) || (method === 'HEAD' && entry.methods.has('GET'));
}

function moreSpecific(a: CompiledRoute, b: CompiledRoute): boolean {
  const length = Math.min(a.rank.length, b.rank.length);
  for (let i = 0; i < length; i++) {
    if (a.rank[i] !== b.rank[i]) return a.rank[i]! < b.rank[i]!;
  }
  if (a.rank.length !== b.rank.length) return a.rank.length < b.rank.length;
  // Same shape: a route naming the method beats a '*' one; otherwise the earlier declaration stays.
  return a.methods !== 'any' && b.methods === 'any';
}

function describe(route: GatewayRoute): string {
  const method = typeof route.method === 'string' ? route.method : route.method.join('|');
  return `${method} ${route.path} → ${route.service}`;
}

/** The `:name` parameters a route path declares. */
export function routeParams(path: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const part of path.split('/')) {
    const name = PARAM.exec(part)?.[1];
    if (name) names.add(name);
  }
  return names;
}
