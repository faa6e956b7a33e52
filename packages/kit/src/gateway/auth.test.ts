import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRevocations } from '../auth/memory/revocations.ts';
import type { Registry } from '../discovery/registry.ts';
import type { GatewayRoute } from './route.ts';
import {
  AUDIENCE,
  call,
  type Echo,
  freshRegistry,
  ISSUER,
  jwksRoutes,
  outingRoutes,
  type Service,
  type SigningKey,
  signingKey,
  startGateway,
  startService,
  type TestGateway,
  token,
  vouchedFor,
} from './test-support.ts';

const ROUTES: GatewayRoute[] = [
  { method: 'GET', path: '/open/**', service: 'outing', auth: 'public' },
  { method: '*', path: '/echo/**', service: 'outing' },
  { method: 'GET', path: '/outings/:id', service: 'outing', auth: ['student', 'teacher'] },
  {
    method: 'POST',
    path: '/outings/:id/actions',
    service: 'outing',
    auth: (c) => c.role === 'teacher' && c.sub.startsWith('teacher-'),
  },
  { method: 'POST', path: '/logout', service: 'auth', revokesToken: true },
  { method: 'POST', path: '/logout-fails', service: 'auth', revokesToken: true },
];

let registry: Registry;
let key: SigningKey;
let gateway: TestGateway;
let outing: Service;
const keys = { current: [] as import('jose').JWK[] };
const jwks = { fetches: 0 };
const closers: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  registry = freshRegistry();
  key = await signingKey('k1');
  keys.current = [key.publicJwk];
  jwks.fetches = 0;
  outing = await startService(registry, 'outing', outingRoutes());
  const auth = await startService(registry, 'auth', jwksRoutes(keys, jwks));
  closers.push(
    () => outing.close(),
    () => auth.close(),
  );
});

afterEach(async () => {
  await gateway?.close();
  await Promise.all(closers.splice(0).map((close) => close()));
  await registry.close();
});

async function open(extra: Partial<Parameters<typeof startGateway>[0]> = {}) {
  gateway = await startGateway({
    routes: ROUTES,
    registry,
    auth: { issuer: ISSUER, audience: AUDIENCE, keys: { jwks: { service: 'auth', path: '/.well-known/jwks.json' } } },
    ...extra,
  });
  return gateway.url;
}

describe('gateway authentication (stage 4)', () => {
  it('lets a valid token through, fetching the JWKS from the auth service through the registry once', async () => {
    const url = await open();
    const jwt = await token(key, { sub: 'student-000000000001' });
    for (let i = 0; i < 3; i++) expect((await call(url, 'GET', '/echo/x', { bearer: jwt })).status).toBe(200);
    expect(jwks.fetches).toBe(1);
  });

  it('forwards the verified identity upstream and drops identity headers a client sends', async () => {
    const url = await open();
    const jwt = await token(key, { sub: 'student-000000000042', role: 'student' });
    const answer = await call(url, 'GET', '/echo/who', {
      bearer: jwt,
      headers: { 'x-mosaic-subject': 'admin-000000000001', 'x-mosaic-role': 'admin' },
    });
    const upstream = answer.json<Echo>().headers;
    expect(upstream['x-mosaic-subject']).toBeUndefined();
    expect(vouchedFor(upstream)).toEqual({ sub: 'student-000000000042', role: 'student' });
    const anonymous = await call(url, 'GET', '/open/x', {
      headers: { 'x-mosaic-subject': 'admin-000000000001', 'x-mosaic-role': 'admin', 'x-mosaic-anything': 'y' },
    });
    expect(anonymous.status).toBe(200);
    const forwarded = anonymous.json<Echo>().headers;
    expect(forwarded['x-mosaic-subject']).toBeUndefined();
    expect(forwarded['x-mosaic-role']).toBeUndefined();
    expect(forwarded['x-mosaic-anything']).toBeUndefined();
    expect(forwarded['x-mosaic-vouch']).toBeUndefined();
  });

  it.each([
    ['no Authorization header', {}, 'token-missing'],
    ['a header that is not two parts', { authorization: 'Bearer a b' }, 'authorization-malformed'],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'token-scheme'],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-jwt' }, 'token-malformed'],
  ])('answers 401 for %s, with a challenge, and never calls the service', async (_what, headers, reason) => {
    const url = await open();
    const answer = await call(url, 'GET', '/echo/x', { headers });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="school"/);
    expect(answer.json()).toMatchObject({ type: `urn:mosaic:problem:${reason}`, status: 401 });
    expect(outing.seen).toHaveLength(0);
  });

  it('accepts a token signed with a key the auth service rotated in, once the refetch cooldown allows', async () => {
    let clock = Date.now();
    const url = await open({ now: () => clock });
    expect((await call(url, 'GET', '/echo/x', { bearer: await token(key) })).status).toBe(200);
    const next = await signingKey('k2');
    keys.current = [key.publicJwk, next.publicJwk];
    // The gateway fetched moments ago: an unknown kid now is refused, not fetched for (forged kids are cheap).
    const early = await call(url, 'GET', '/echo/x', { bearer: await token(next) });
    expect(early.status).toBe(401);
    expect(early.json().type).toBe('urn:mosaic:problem:token-unknown-key');
    expect(jwks.fetches).toBe(1);
    clock += 31_000;
    expect((await call(url, 'GET', '/echo/x', { bearer: await token(next) })).status).toBe(200);
    expect(jwks.fetches).toBe(2);
  });

  it('answers 503, not 401, when the signing keys cannot be fetched', async () => {
    await registry.deregister((await registry.instances('school', 'auth'))[0]!.id);
    const url = await open();
    const answer = await call(url, 'GET', '/echo/x', { bearer: await token(key) });
    expect(answer.status).toBe(503);
    expect(answer.json().type).toBe('urn:mosaic:problem:auth-unavailable');
    expect(answer.headers['retry-after']).toBe('5');
  });

  it('refuses to start when a route needs a caller but the gateway has no auth config', async () => {
    await expect(startGateway({ routes: ROUTES, registry })).rejects.toThrow(
      /needs a signed-in caller but the gateway has no auth config/,
    );
  });
});

describe('gateway roles (stage 5)', () => {
  it('lets a listed role through and answers 403 naming the roles for another', async () => {
    const url = await open();
    const student = await token(key, { role: 'student' });
    expect((await call(url, 'GET', '/outings/o1', { bearer: student })).status).toBe(200);
    const parent = await call(url, 'GET', '/outings/o1', { bearer: await token(key, { role: 'parent' }) });
    expect(parent.status).toBe(403);
    expect(parent.json()).toMatchObject({ type: 'urn:mosaic:problem:role-not-allowed' });
    expect(parent.json().detail).toContain('student, teacher');
  });

  it('applies a predicate on the claims', async () => {
    const url = await open();
    const teacher = await token(key, { role: 'teacher', sub: 'teacher-000000000001' });
    expect((await call(url, 'POST', '/outings/o1/actions', { bearer: teacher })).status).toBe(200);
    const fake = await token(key, { role: 'teacher', sub: 'student-000000000001' });
    const refused = await call(url, 'POST', '/outings/o1/actions', { bearer: fake });
    expect(refused.status).toBe(403);
    expect(refused.json().type).toBe('urn:mosaic:problem:forbidden');
  });
});

describe('gateway logout (revokesToken)', () => {
  it('revokes the token after a 2xx logout, so the next request with it gets 401 token-revoked', async () => {
    const revocations = createMemoryRevocations();
    const url = await open({ revocations });
    const jwt = await token(key);
    expect((await call(url, 'POST', '/logout', { bearer: jwt })).status).toBe(200);
    const after = await call(url, 'GET', '/echo/x', { bearer: jwt });
    expect(after.status).toBe(401);
    expect(after.json().type).toBe('urn:mosaic:problem:token-revoked');
    // Another token of the same user still works.
    expect((await call(url, 'GET', '/echo/x', { bearer: await token(key) })).status).toBe(200);
  });

  it('does not revoke the token when the logout failed', async () => {
    const url = await open();
    const jwt = await token(key);
    expect((await call(url, 'POST', '/logout-fails', { bearer: jwt })).status).toBe(500);
    expect((await call(url, 'GET', '/echo/x', { bearer: jwt })).status).toBe(200);
  });
});

describe('gateway error body', () => {
  it("uses the system's body, handing it the reason to map to the system's own codes", async () => {
    const codes: Record<string, number> = { 'token-missing': -1, 'token-scheme': -2, 'token-expired': -3 };
    const url = await open({
      errorBody: (p) => ({ status: p.status, code: codes[p.reason] ?? 0, message: p.detail }),
    });
    const missing = await call(url, 'GET', '/echo/x');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.json()).toEqual({ status: 401, code: -1, message: expect.stringContaining('Bearer') });
    const scheme = await call(url, 'GET', '/echo/x', { headers: { authorization: 'Basic x' } });
    expect(scheme.json().code).toBe(-2);
    const expired = await call(url, 'GET', '/echo/x', { bearer: await token(key, { expiresIn: -60 }) });
    expect(expired.json().code).toBe(-3);
    const notFound = await call(url, 'GET', '/nowhere');
    expect(notFound.json()).toEqual({ status: 404, code: 0, message: expect.any(String) });
  });
});

describe('gateway with several issuers (each role signed by its own service)', () => {
  const USERS = 'https://users.example';
  const SELLERS = 'https://sellers.example';
  let userKey: SigningKey;
  let sellerKey: SigningKey;

  async function openTwo() {
    userKey = await signingKey('users-1');
    sellerKey = await signingKey('sellers-1');
    gateway = await startGateway({
      routes: ROUTES,
      registry,
      auth: [
        { issuer: USERS, audience: AUDIENCE, keys: { keys: [userKey.publicJwk] }, roles: ['student'] },
        { issuer: SELLERS, audience: AUDIENCE, keys: { keys: [sellerKey.publicJwk] }, roles: ['teacher'] },
      ],
    });
    return gateway.url;
  }

  it("accepts each issuer's tokens with its own key and its own roles", async () => {
    const url = await openTwo();
    const student = await token(userKey, { iss: USERS, role: 'student' });
    const teacher = await token(sellerKey, { iss: SELLERS, role: 'teacher', sub: 'teacher-000000000001' });
    expect((await call(url, 'GET', '/outings/1', { bearer: student })).status).toBe(200);
    expect((await call(url, 'GET', '/outings/1', { bearer: teacher })).status).toBe(200);
  });

  it('refuses a role its issuer does not grant, a token signed with another issuer’s key, and an unknown issuer', async () => {
    const url = await openTwo();
    const claimsTeacher = await token(userKey, { iss: USERS, role: 'teacher' });
    const wrongKey = await token(userKey, { iss: SELLERS, role: 'teacher' });
    const stranger = await token(userKey, { iss: 'https://elsewhere.example', role: 'student' });
    for (const bearer of [claimsTeacher, wrongKey, stranger]) {
      const answer = await call(url, 'GET', '/outings/1', { bearer });
      expect(answer.status).toBe(401);
    }
    const refused = await call(url, 'GET', '/outings/1', { bearer: claimsTeacher });
    expect(refused.json<{ detail: string }>().detail).toMatch(/does not issue teacher tokens/);
  });
});
