import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../contracts/identity.ts';
import { commerce } from '../system.ts';
import { bearer, type SignedIn, signUp } from './accounts/helpers.ts';
import { callRoute, declaredRoutes, NO_ANSWER, type PublishedRoute, publishedRoutes } from './gateway-routes.ts';
import { roleAccounts } from './role-sessions.ts';

type Caller = 'anonymous' | Role;
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];

/** The roles each path prefix stands for (spec §4): the supervisor may call every route. */
const PREFIX_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'auth-user': ['USER', 'SUPERVISOR'],
  'auth-seller': ['SELLER', 'SUPERVISOR'],
  'auth-super': ['SUPERVISOR'],
};
const prefixOf = (path: string) => /^\/[^/]+\/(auth-user|auth-seller|auth-super|open-api)(\/|$)/.exec(path)?.[1];

interface Outcome {
  route: PublishedRoute;
  caller: Caller;
  status: number;
  description: string;
  data: Readonly<Record<string, unknown>> | null;
  raw: string;
}

const BATCH = 8;

/** Whether `caller` may pass the gateway on `route`, by the route's own declaration. */
const allowed = (route: PublishedRoute, caller: Caller) =>
  route.who === 'public' || (caller !== 'anonymous' && (route.who === 'any-token' || route.who.includes(caller)));

/** The gateway's own role refusal (its authorize stage): a 403 whose words name the route's roles, no data. */
const gatewayRoleRefusal = (o: Outcome, role: Role) =>
  o.status === 403 && o.data === null && new RegExp(`^this route is for .+; your role is ${role}$`).test(o.description);

/** A role refusal from either side: the gateway's, or a service's own check (`requireRole`, rule role-not-allowed). */
const roleRefusal = (o: Outcome) =>
  o.status === 403 && (o.data?.rule === 'role-not-allowed' || /; your role is [A-Z]+$/.test(o.description));

const show = (o: Outcome) => `${o.route.method} ${o.route.url} as ${o.caller} → ${o.status} ${o.raw.slice(0, 300)}`;

/**
 * Every route the gateway publishes, called as nobody, USER, SELLER and SUPERVISOR with real tokens, a dummy id
 * (1) and an empty body: the gateway lets in exactly the roles the path's prefix stands for, and no caller it
 * lets in gets a 5xx or a role refusal from the service behind it.
 */
describe('every route of the shop, called by each role through the gateway', () => {
  let s: TestSystem;
  let routes: PublishedRoute[];
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    s = await startTestSystem(commerce);
    // User 1 is someone else: a supervisor's DELETE …/users/1 in the matrix must not end the matrix's own USER.
    await signUp(s);
    const accounts = await roleAccounts(s);
    const sessions: Record<Role, SignedIn> = {
      USER: await accounts.signIn('USER'),
      SELLER: await accounts.signIn('SELLER'),
      SUPERVISOR: await accounts.signIn('SUPERVISOR'),
    };
    routes = await publishedRoutes(s);
    const revoking = new Set(declaredRoutes(commerce).flatMap((d) => (d.revokesToken ? [d.key] : [])));

    const call = async (route: PublishedRoute, caller: Caller, session?: SignedIn): Promise<Outcome> => {
      const headers = caller === 'anonymous' ? {} : bearer((session ?? sessions[caller]).access);
      const answer = await callRoute(s, route, headers);
      return { route, caller, status: answer.status, raw: answer.raw, ...wordsOf(answer.body) };
    };
    // A logout that succeeds revokes the token it was called with: those run last, each on a session of its own.
    const pairs = routes.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));
    const shared = pairs.filter((p) => !(revoking.has(p.route.key) && allowed(p.route, p.caller)));
    for (let i = 0; i < shared.length; i += BATCH) {
      outcomes.push(...(await Promise.all(shared.slice(i, i + BATCH).map((p) => call(p.route, p.caller)))));
    }
    for (const { route, caller } of pairs.filter((p) => !shared.includes(p))) {
      const own = caller === 'anonymous' ? undefined : await accounts.signIn(caller);
      outcomes.push(await call(route, caller, own));
    }
  }, 60_000);
  afterAll(() => s?.close());

  it('covers every endpoint the services declare for the gateway, and nothing else', () => {
    const published = routes.map((r) => r.key).sort();
    expect(published).toEqual(
      declaredRoutes(commerce)
        .map((d) => d.key)
        .sort(),
    );
    expect(outcomes).toHaveLength(routes.length * CALLERS.length);
  });

  it("declares on every protected path exactly its prefix's roles, and every open-api route public", () => {
    const wrong = routes.flatMap((route) => {
      const prefix = prefixOf(route.path);
      if (prefix === 'open-api') return route.who === 'public' ? [] : [`${route.key}: ${JSON.stringify(route.who)}`];
      // A public route outside the open-api prefix (a login, a cookie-authenticated restore) is checked below.
      if (route.who === 'public') return [];
      const roles = prefix ? PREFIX_ROLES[prefix] : undefined;
      const declared = route.who === 'any-token' ? [] : [...route.who].sort();
      return roles && JSON.stringify(declared) === JSON.stringify([...roles].sort())
        ? []
        : [`${route.key}: prefix ${prefix ?? 'none'} but ${JSON.stringify(route.who)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('refuses a caller without a token on every protected route: 401, token code 4000', () => {
    const wrong = outcomes.filter(
      (o) => o.caller === 'anonymous' && o.route.who !== 'public' && !(o.status === 401 && o.data?.token_code === 4000),
    );
    expect(wrong.map(show)).toEqual([]);
  });

  it("refuses, at the gateway's role check, every role the route does not name: 403", () => {
    const refused = outcomes.flatMap((o) => (o.caller !== 'anonymous' && !allowed(o.route, o.caller) ? [o] : []));
    expect(refused.length).toBeGreaterThan(0);
    const wrong = refused.filter((o) => o.caller === 'anonymous' || !gatewayRoleRefusal(o, o.caller));
    expect(wrong.map(show)).toEqual([]);
  });

  it('lets every allowed caller through to the service: an answer, no 401, no role refusal, no 5xx', () => {
    const passed = outcomes.filter((o) => allowed(o.route, o.caller));
    const wrong = passed.filter((o) => o.status === NO_ANSWER || o.status === 401 || roleRefusal(o) || o.status >= 500);
    expect(wrong.map(show)).toEqual([]);
  });

  it('lets a public route under a signed-in prefix be, only when its service refuses an anonymous caller itself', () => {
    // The restore route sits under auth-user as in the seed, but the refresh cookie is its credential, which
    // only the service can check (spec §3): public at the gateway, refused at the service without the cookie.
    const exceptions = outcomes.filter(
      (o) =>
        o.caller === 'anonymous' &&
        o.route.who === 'public' &&
        PREFIX_ROLES[prefixOf(o.route.path) ?? ''] !== undefined,
    );
    expect(exceptions.length).toBeGreaterThan(0);
    const wrong = exceptions.filter((o) => o.status < 400 || o.status >= 500);
    expect(wrong.map(show)).toEqual([]);
  });
});

/** The envelope's words and data, whatever came back (a login answers a bare body, a proxy error text). */
function wordsOf(body: unknown): { description: string; data: Readonly<Record<string, unknown>> | null } {
  if (typeof body !== 'object' || body === null) return { description: '', data: null };
  const { result, data } = body as { result?: { result_description?: unknown }; data?: unknown };
  return {
    description: typeof result?.result_description === 'string' ? result.result_description : '',
    data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null,
  };
}
