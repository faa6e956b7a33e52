import { METHODS } from 'node:http';
import FindMyWay from 'find-my-way';
import type { GatewayRoute, RouteMatch, RouteTable } from './route.ts';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute {
  route: GatewayRoute;
  /** Its place in the table: of two equal candidates, the earlier route wins. */
  index: number;
  methods: ReadonlySet<string> | 'any';
  segments: readonly Segment[];
  /** Ends with `**`. */
  prefix: boolean;
}

/** One path a route puts into a method's tree; a `**` route puts two: its prefix itself, and the tail below it. */
interface Registration {
  /** The path's shape, parameters unnamed (`orders/:`, `orders/**`): find-my-way holds one route per method and shape. */
  shape: string;
  /** The path in find-my-way's syntax. */
  path: string;
  /** 0 for a route's own path and a `**` tail, 1 for a `**` route's prefix itself, which an exact route of the same shape beats. */
  origin: 0 | 1;
  tail: boolean;
}

/** What a leaf of the router holds. */
interface Leaf {
  route: GatewayRoute;
  /** A `**` route's tail: find-my-way hands what it matched over as a parameter `*`, which the route does not declare. */
  tail: boolean;
}

interface Choice {
  registration: Registration;
  entry: CompiledRoute;
  /** 0 the route names this method, 1 it is a GET answering HEAD, 2 a '*' route. */
  by: 0 | 1 | 2;
}

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
type FoundRoute = FindMyWay.FindResult<FindMyWay.HTTPVersion.V1>;

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
/** The methods Node's HTTP parser accepts, the same list find-my-way routes: a request carries no other. */
const HTTP_METHODS: ReadonlySet<string> = new Set(METHODS);
/**
 * A parameter in find-my-way's syntax: `:name` followed by this pattern, one character or more. A plain `:name`
 * also matches an empty segment (`/menus//items/2`, `/orders/`), which would then hide a `**` route that ought
 * to answer; a parameter whose pattern fails makes find-my-way backtrack to the next candidate instead.
 */
const NON_EMPTY = '([\\s\\S]+)';
/** Pseudo-methods: the tree of the '*' routes alone, for a method no route names; the tree of every path. */
const ANY = '*';
const EVERY_PATH = '';
const SLASH = 47;
const NOT_FOUND: RouteMatch = { kind: 'not-found' };
const NO_QUERY = {};
const ROUTER_OPTIONS: FindMyWay.Config<FindMyWay.HTTPVersion.V1> = {
  // No limit on a segment's length (find-my-way's default is 100 characters, then 404); Node's header limit
  // bounds the request target.
  maxParamLength: Number.POSITIVE_INFINITY,
  // match() gets the path without its query; what find-my-way would parse is at most a fragment's text.
  querystringParser: () => NO_QUERY,
};
const noHandler = () => undefined;

/**
 * Checks a route table once, at start-up, so a typo fails the boot instead of a request, and builds the router:
 * find-my-way (Fastify's radix-tree router) in its compiled mode. Around it, what it does not do itself:
 * - A `**` route is two paths to find-my-way: `/orders` (which an exact `/orders` beats) and `/orders/*`.
 * - A '*' route goes into the tree of every method some route names, beside that method's own routes, and into a
 *   tree of its own for any other method. Where two routes want the same method and shape, the choice is made
 *   here (an exact route over a `**` route's prefix, a named method over a GET answering HEAD over '*'): the
 *   router takes one route per method and shape.
 * - 405: find-my-way looks up one method at a time. On a miss, a tree of every route's path, whatever its method,
 *   tells 404 in one more lookup; only then is the path looked up in each named method's tree for the Allow list.
 * - Parameters must not be empty (see NON_EMPTY); duplicates and malformed paths are refused as before.
 * Matching follows find-my-way's reading of the path, as Fastify's does in the services behind: it decodes
 * percent-encoding except for `#$&+,/:;=?@` and `%`, which match only unencoded in a literal segment but are
 * decoded in parameters (the hand-written matcher decoded them in both); and it ends the path at a `#`.
 */
export function compileRoutes(routes: readonly GatewayRoute[]): RouteTable {
  const compiled = routes.map(compileRoute);
  const seen = new Map<string, GatewayRoute>();
  for (const entry of compiled) {
    const shape = shapeOf(entry.segments) + (entry.prefix ? '/**' : '');
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

  // The methods some route names (HEAD with GET), each with a tree of its own; `allowOrder` is the Allow list's order.
  const named = new Set<string>();
  for (const entry of compiled) if (entry.methods !== 'any') for (const method of entry.methods) named.add(method);
  if (named.has('GET')) named.add('HEAD');
  const allowOrder = [...named].sort() as FindMyWay.HTTPMethod[];

  // Per tree, per shape: the route that answers it.
  const trees = new Map<string, Map<string, Choice>>();
  const offer = (tree: string, choice: Choice) => {
    let shapes = trees.get(tree);
    if (!shapes) {
      shapes = new Map();
      trees.set(tree, shapes);
    }
    const current = shapes.get(choice.registration.shape);
    if (!current || beats(choice, current)) shapes.set(choice.registration.shape, choice);
  };
  for (const entry of compiled) {
    for (const registration of registrationsOf(entry)) {
      if (entry.methods === 'any') {
        for (const method of named) offer(method, { registration, entry, by: 2 });
        offer(ANY, { registration, entry, by: 2 });
      } else {
        for (const method of entry.methods) offer(method, { registration, entry, by: 0 });
        if (entry.methods.has('GET')) offer('HEAD', { registration, entry, by: 1 });
      }
      offer(EVERY_PATH, { registration, entry, by: 0 });
    }
  }

  const router: Router = FindMyWay(ROUTER_OPTIONS);
  // find-my-way keys its trees by method, and knows only real ones: these two hold one tree each, filed under GET.
  const anyMethod: Router = FindMyWay(ROUTER_OPTIONS);
  const everyPath: Router = FindMyWay(ROUTER_OPTIONS);
  for (const [tree, shapes] of trees) {
    for (const { registration, entry } of shapes.values()) {
      const leaf: Leaf = { route: entry.route, tail: registration.tail };
      if (tree === ANY) anyMethod.on('GET', registration.path, noHandler, leaf);
      else if (tree === EVERY_PATH) everyPath.on('GET', registration.path, noHandler, leaf);
      else router.on(tree as FindMyWay.HTTPMethod, registration.path, noHandler, leaf);
    }
  }
  for (const each of [router, anyMethod, everyPath]) each.compile();

  return {
    routes,
    match(method, path) {
      // find-my-way would route an absolute-form target (`http://host/x`) by its path; the gateway never has.
      if (path.charCodeAt(0) !== SLASH) return NOT_FOUND;
      const found = named.has(method) ? router.find(method as FindMyWay.HTTPMethod, path) : anyMethod.find('GET', path);
      if (found) return matchOf(found);
      // No route for this method, '*' ones included: 405 if another method has one.
      if (!everyPath.find('GET', path)) return NOT_FOUND;
      const allow = allowOrder.filter((other) => router.find(other, path) !== null);
      return allow.length > 0 ? { kind: 'method-not-allowed', allow } : NOT_FOUND;
    },
  };
}

function matchOf(found: FoundRoute): RouteMatch {
  const leaf = found.store as Leaf;
  let params = found.params as Record<string, string>;
  if (leaf.tail) {
    const declared: Record<string, string> = {};
    for (const name in params) if (name !== '*') declared[name] = params[name]!;
    params = declared;
  }
  return { kind: 'found', route: leaf.route, params };
}

/** Of two routes for the same method and shape: the exact one, then the one naming the method, then the earlier. */
function beats(a: Choice, b: Choice): boolean {
  if (a.registration.origin !== b.registration.origin) return a.registration.origin < b.registration.origin;
  if (a.by !== b.by) return a.by < b.by;
  return a.entry.index < b.entry.index;
}

function registrationsOf(entry: CompiledRoute): Registration[] {
  const shape = shapeOf(entry.segments);
  const path = `/${entry.segments
    .map((s) => (s.kind === 'param' ? `:${s.name}${NON_EMPTY}` : s.value.replaceAll(':', '::')))
    .join('/')}`;
  if (!entry.prefix) return [{ shape, path, origin: 0, tail: false }];
  return [
    { shape, path, origin: 1, tail: false },
    { shape: `${shape}/**`, path: path === '/' ? '/*' : `${path}/*`, origin: 0, tail: true },
  ];
}

function shapeOf(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'param' ? ':' : s.value)).join('/');
}

function compileRoute(route: GatewayRoute, index: number): CompiledRoute {
  const { path } = route;
  if (!path.startsWith('/')) throw new Error(`gateway route ${describe(route)}: the path must start with '/'`);
  if (path.includes('?')) throw new Error(`gateway route ${describe(route)}: the path must not carry a query`);
  // The router ends a request's path at '#', so a route with one could never match.
  if (path.includes('#')) throw new Error(`gateway route ${describe(route)}: the path must not carry a '#'`);
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
  return { route, index, methods: compileMethods(route), segments, prefix };
}

function compileMethods(route: GatewayRoute): ReadonlySet<string> | 'any' {
  const listed = typeof route.method === 'string' ? [route.method] : [...route.method];
  if (listed.length === 0) throw new Error(`gateway route ${describe(route)}: give at least one method, or '*'`);
  if (listed.includes('*')) return 'any';
  const methods = new Set<string>();
  for (const method of listed) {
    const upper = method.toUpperCase();
    if (!HTTP_METHODS.has(upper)) {
      throw new Error(`gateway route ${describe(route)}: '${method}' is not an HTTP method`);
    }
    methods.add(upper);
  }
  return methods;
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
