import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../discovery/registry.ts';
import type { Limiter } from '../limits/limiter.ts';
import { createMemoryLimiter } from '../limits/memory/memory.ts';
import { createRedisLimiter } from '../limits/redis/redis.ts';
import { connectTestRedis } from '../testing/support/redis.ts';
import type { GatewayRoute } from './route.ts';
import {
  call,
  freshRegistry,
  outingRoutes,
  type Service,
  startGateway,
  startService,
  type TestGateway,
} from './test-support.ts';

const ROUTES: GatewayRoute[] = [
  { method: 'GET', path: '/echo/**', service: 'outing', auth: 'public' },
  { method: 'GET', path: '/open/**', service: 'club', auth: 'public' },
];

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`running the gateway limit tests on memory only: ${engine.skipReason}`);

const adapters: [string, () => Limiter][] = [['memory', () => createMemoryLimiter()]];
if (engine.redis) {
  let run = 0;
  adapters.push(['redis', () => createRedisLimiter(engine.redis!, { prefix: engine.prefix(`gw-limits${run++}`) })]);
}

let registry: Registry;
let services: Service[];
let gateways: TestGateway[];

beforeEach(async () => {
  registry = freshRegistry();
  services = [
    await startService(registry, 'outing', outingRoutes()),
    await startService(registry, 'club', outingRoutes()),
  ];
  gateways = [];
});

afterEach(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(services.map((s) => s.close()));
  await registry.close();
});

async function replica(limiter: Limiter, limits: Parameters<typeof startGateway>[0]['limits']) {
  const gateway = await startGateway({ routes: ROUTES, registry, limiter, limits });
  gateways.push(gateway);
  return gateway.url;
}

describe.each(adapters)('gateway limits with the %s limiter', (_name, makeLimiter) => {
  it('per IP (stage 2): 429 for the request over the limit, then 403 with Retry-After while blocked, then free again', async () => {
    const url = await replica(makeLimiter(), { perIp: { max: 5, windowMs: 1_000, blockMs: 1_500 } });
    for (let i = 0; i < 5; i++) expect((await call(url, 'GET', '/echo/x')).status).toBe(200);
    const limited = await call(url, 'GET', '/echo/x');
    expect(limited.status).toBe(429);
    expect(limited.json().type).toBe('urn:mosaic:problem:rate-limited');
    expect(limited.headers['retry-after']).toBe('2');
    const blocked = await call(url, 'GET', '/nowhere');
    expect(blocked.status).toBe(403);
    expect(blocked.json().type).toBe('urn:mosaic:problem:ip-blocked');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(services[0]!.seen).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await call(url, 'GET', '/echo/x')).status).toBe(200);
  });

  it('per service (stage 7): 429 with Retry-After beyond N per second to that service only', async () => {
    const url = await replica(makeLimiter(), { perService: { outing: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(url, 'GET', '/echo/x')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call(url, 'GET', '/echo/x');
    expect(limited.json().type).toBe('urn:mosaic:problem:service-rate-limited');
    expect(limited.headers['retry-after']).toBe('1');
    expect((await call(url, 'GET', '/open/x')).status).toBe(200);
    expect(services[0]!.seen).toHaveLength(3);
  });

  it('does not count requests a later stage refused against the service', async () => {
    const url = await replica(makeLimiter(), { perService: { outing: 2 } });
    for (let i = 0; i < 5; i++) expect((await call(url, 'POST', '/echo/x')).status).toBe(405);
    expect((await call(url, 'GET', '/echo/x')).status).toBe(200);
  });
});

describe.skipIf(!engine.redis)('gateway limits shared by replicas through Redis', () => {
  it('counts one IP across two gateway replicas, and both refuse it once blocked', async () => {
    const limiter = createRedisLimiter(engine.redis!, { prefix: engine.prefix('shared') });
    const perIp = { max: 4, windowMs: 2_000, blockMs: 5_000 };
    const a = await replica(limiter, { perIp });
    const b = await replica(limiter, { perIp });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(a, 'GET', '/echo/x')).status, (await call(b, 'GET', '/echo/x')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 403]);
    expect((await call(a, 'GET', '/echo/x')).status).toBe(403);
  });
});

describe('gateway limits config', () => {
  it('refuses a per-service limit for a service no route reaches, and a per-IP rule that makes no sense', async () => {
    await expect(startGateway({ routes: ROUTES, registry, limits: { perService: { ordr: 5 } } })).rejects.toThrow(
      /names ordr, which no route of school reaches/,
    );
    await expect(
      startGateway({ routes: ROUTES, registry, limits: { perIp: { max: 0, windowMs: 1000, blockMs: 0 } } }),
    ).rejects.toThrow(/limits.perIp/);
  });
});
