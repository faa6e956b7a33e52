import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../cache/cache.ts';
import { createMemoryCache } from '../cache/memory/memory.ts';
import { createRedisCache } from '../cache/redis/redis.ts';
import type { Registry } from '../discovery/registry.ts';
import { connectTestRedis } from '../testing/support/redis.ts';
import type { GatewayRoute } from './route.ts';
import {
  AUDIENCE,
  call,
  freshRegistry,
  ISSUER,
  outingRoutes,
  type Service,
  type SigningKey,
  signingKey,
  startGateway,
  startService,
  type TestGateway,
  token,
} from './test-support.ts';

const ROUTES: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/outings/:id',
    service: 'outing',
    auth: ['student', 'teacher'],
    cache: { key: 'outings.:id', private: true },
  },
  {
    method: 'GET',
    path: '/students/:id/outings',
    service: 'outing',
    cache: { key: 'students.:id.outings.start.{query:start}', ttlSec: 0.4 },
  },
  {
    method: 'POST',
    path: '/outings/:id/actions',
    service: 'outing',
    invalidates: ['outings.:id', 'students.*.outings*'],
  },
  { method: 'GET', path: '/private-header', service: 'outing', cache: { key: 'ph' } },
  { method: 'GET', path: '/with-cookie', service: 'outing', cache: { key: 'wc' } },
];

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`running the gateway cache tests on memory only: ${engine.skipReason}`);

/** Each entry gives the two gateway replicas their cache: one shared Redis, or (embedded) one memory cache. */
const setups: [string, () => Cache][] = [['memory', () => createMemoryCache()]];
if (engine.redis) {
  let run = 0;
  setups.push(['redis', () => createRedisCache(engine.redis!, { prefix: engine.prefix(`gw-cache${run++}`) })]);
}

let registry: Registry;
let outing: Service;
let key: SigningKey;
let replicas: TestGateway[];

beforeEach(async () => {
  registry = freshRegistry();
  outing = await startService(registry, 'outing', outingRoutes());
  key = await signingKey();
  replicas = [];
});

afterEach(async () => {
  await Promise.all(replicas.map((g) => g.close()));
  await outing.close();
  await registry.close();
});

async function twoReplicas(cache: Cache): Promise<[string, string]> {
  for (let i = 0; i < 2; i++) {
    replicas.push(
      await startGateway({
        routes: ROUTES,
        registry,
        cache,
        auth: { issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } },
      }),
    );
  }
  return [replicas[0]!.url, replicas[1]!.url];
}

describe.each(setups)('gateway response cache on %s (stage 8)', (_name, makeCache) => {
  it('answers a repeated GET from the cache, on any replica, without calling the service', async () => {
    const [a, b] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    const first = await call(a, 'GET', '/outings/o1', { bearer: alice });
    expect(first.headers['x-mosaic-cache']).toBe('miss');
    const second = await call(b, 'GET', '/outings/o1', { bearer: alice });
    expect(second.headers['x-mosaic-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(outing.seen).toHaveLength(1);
  });

  it("never serves one user's private answer to another", async () => {
    const [a, b] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    const bob = await token(key, { sub: 'student-000000000002' });
    expect((await call(a, 'GET', '/outings/o1', { bearer: alice })).json().asker).toBe('student-000000000001');
    const bobs = await call(b, 'GET', '/outings/o1', { bearer: bob });
    expect(bobs.headers['x-mosaic-cache']).toBe('miss');
    expect(bobs.json().asker).toBe('student-000000000002');
    expect((await call(a, 'GET', '/outings/o1', { bearer: bob })).json().asker).toBe('student-000000000002');
    expect((await call(b, 'GET', '/outings/o1', { bearer: alice })).json().asker).toBe('student-000000000001');
  });

  it('still checks the token and the role before answering from the cache', async () => {
    const [a] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    await call(a, 'GET', '/outings/o1', { bearer: alice });
    expect((await call(a, 'GET', '/outings/o1')).status).toBe(401);
    const parent = await token(key, { sub: 'student-000000000001', role: 'parent' });
    expect((await call(a, 'GET', '/outings/o1', { bearer: parent })).status).toBe(403);
    expect(
      (
        await call(a, 'GET', '/outings/o1', {
          bearer: await token(key, { sub: 'student-000000000001', expiresIn: -60 }),
        })
      ).status,
    ).toBe(401);
  });

  it('keys by the query values the template names', async () => {
    const [a] = await twoReplicas(makeCache());
    const jwt = await token(key);
    expect((await call(a, 'GET', '/students/s1/outings?start=0', { bearer: jwt })).headers['x-mosaic-cache']).toBe(
      'miss',
    );
    expect((await call(a, 'GET', '/students/s1/outings?start=10', { bearer: jwt })).headers['x-mosaic-cache']).toBe(
      'miss',
    );
    expect((await call(a, 'GET', '/students/s1/outings?start=0', { bearer: jwt })).headers['x-mosaic-cache']).toBe(
      'hit',
    );
    expect(outing.seen).toHaveLength(2);
  });

  it('serves a fresh answer after a successful mutation invalidates, for every user', async () => {
    const [a, b] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    const teacher = await token(key, { sub: 'teacher-000000000001', role: 'teacher' });
    expect((await call(a, 'GET', '/outings/o1', { bearer: alice })).json().version).toBe(0);
    expect((await call(a, 'GET', '/outings/o1', { bearer: teacher })).json().version).toBe(0);
    await call(a, 'GET', '/students/s1/outings?start=0', { bearer: alice });
    expect((await call(b, 'POST', '/outings/o1/actions', { bearer: teacher })).status).toBe(200);
    const fresh = await call(a, 'GET', '/outings/o1', { bearer: alice });
    expect(fresh.headers['x-mosaic-cache']).toBe('miss');
    expect(fresh.json().version).toBe(1);
    expect((await call(b, 'GET', '/outings/o1', { bearer: teacher })).json().version).toBe(1);
    expect((await call(a, 'GET', '/students/s1/outings?start=0', { bearer: alice })).headers['x-mosaic-cache']).toBe(
      'miss',
    );
  });

  it('does not invalidate after a failed mutation', async () => {
    const [a] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    await call(a, 'GET', '/outings/o1', { bearer: alice });
    expect((await call(a, 'POST', '/outings/o1/actions?fail=409', { bearer: alice })).status).toBe(409);
    expect((await call(a, 'GET', '/outings/o1', { bearer: alice })).headers['x-mosaic-cache']).toBe('hit');
  });

  it('does not let a parameter value act as a wildcard in an invalidation', async () => {
    const [a] = await twoReplicas(makeCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    await call(a, 'GET', '/outings/o1', { bearer: alice });
    expect((await call(a, 'POST', '/outings/*/actions', { bearer: alice })).status).toBe(200);
    expect((await call(a, 'GET', '/outings/o1', { bearer: alice })).headers['x-mosaic-cache']).toBe('hit');
  });

  it('forgets an answer after its TTL', async () => {
    const [a] = await twoReplicas(makeCache());
    const jwt = await token(key);
    await call(a, 'GET', '/students/s1/outings?start=0', { bearer: jwt });
    expect((await call(a, 'GET', '/students/s1/outings?start=0', { bearer: jwt })).headers['x-mosaic-cache']).toBe(
      'hit',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call(a, 'GET', '/students/s1/outings?start=0', { bearer: jwt })).headers['x-mosaic-cache']).toBe(
      'miss',
    );
  });

  it('does not keep an answer that sets a cookie or is marked private in a shared entry', async () => {
    const [a] = await twoReplicas(makeCache());
    const jwt = await token(key);
    for (const path of ['/private-header', '/with-cookie']) {
      await call(a, 'GET', path, { bearer: jwt });
      expect((await call(a, 'GET', path, { bearer: jwt })).headers['x-mosaic-cache']).toBe('miss');
    }
    expect(outing.seen).toHaveLength(4);
  });
});

describe('gateway response cache: metrics and config', () => {
  it('counts hits, misses and invalidated entries per route in /metrics', async () => {
    const [a] = await twoReplicas(createMemoryCache());
    const alice = await token(key, { sub: 'student-000000000001' });
    await call(a, 'GET', '/outings/o1', { bearer: alice });
    await call(a, 'GET', '/outings/o1', { bearer: alice });
    await call(a, 'POST', '/outings/o1/actions', { bearer: alice });
    const text = (await call(a, 'GET', '/metrics')).text;
    expect(text).toMatch(/mosaic_gateway_cache_total\{route="\/outings\/:id",result="hit",system="school"\} 1/);
    expect(text).toMatch(/mosaic_gateway_cache_total\{route="\/outings\/:id",result="miss",system="school"\} 1/);
    expect(text).toMatch(
      /mosaic_gateway_cache_total\{route="\/outings\/:id\/actions",result="invalidated",system="school"\} 1/,
    );
  });

  it.each<[string, GatewayRoute, RegExp]>([
    [
      'a cache on a POST route',
      { method: 'POST', path: '/a', service: 'outing', auth: 'public', cache: { key: 'a' } },
      /only GET answers are cached/,
    ],
    [
      'an unknown parameter',
      { method: 'GET', path: '/a/:id', service: 'outing', auth: 'public', cache: { key: 'a.:uuid' } },
      /:uuid, which the route path does not have/,
    ],
    [
      'a private cache on a public route',
      { method: 'GET', path: '/a', service: 'outing', auth: 'public', cache: { key: 'a', private: true } },
      /cannot be private/,
    ],
    [
      'a claim on a public route',
      { method: 'GET', path: '/a', service: 'outing', auth: 'public', cache: { key: 'a.{claims:sub}' } },
      /cannot be private or use \{claims/,
    ],
    [
      'a wildcard in a cache key',
      { method: 'GET', path: '/a', service: 'outing', auth: 'public', cache: { key: 'a*' } },
      /cannot contain '\*'/,
    ],
  ])('refuses %s at start-up', async (_what, route, message) => {
    await expect(startGateway({ routes: [route], registry })).rejects.toThrow(message);
  });
});
