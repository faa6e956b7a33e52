import { randomBytes } from 'node:crypto';
// The Mosaic gateway under benchmark, in its own process: one upstream registered in a memory registry, a
// public route, and a route behind JWT + per-IP + per-service limits (limits high enough never to refuse).
// With BENCH_REDIS set, a second gateway uses Redis for the limiter, cache and revocations (the distributed
// runtime's adapters) on another port.
import type { JWK } from 'jose';
import { createMemoryRevocations, createRedisRevocations, createVouches } from '../packages/kit/src/auth/index.ts';
import { createMemoryCache, createRedisCache } from '../packages/kit/src/cache/index.ts';
import { createMemoryRegistry } from '../packages/kit/src/discovery/index.ts';
import { createGateway, type GatewayOptions } from '../packages/kit/src/gateway/index.ts';
import { createMemoryLimiter, createRedisLimiter } from '../packages/kit/src/limits/index.ts';
import { createLogger } from '../packages/kit/src/observability/index.ts';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './gateway-config.ts';

const upstream = process.env.BENCH_UPSTREAM;
const jwk = JSON.parse(process.env.BENCH_JWK ?? 'null') as JWK | null;
if (!upstream || !jwk) throw new Error('set BENCH_UPSTREAM (URL) and BENCH_JWK (public JWK)');

const registry = createMemoryRegistry();
await registry.register({ id: 'upstream-1', system: 'bench', service: 'hello', url: upstream, ready: true });

// The access log stays on (stage 11 is part of the pipeline), written by the runtime's own logger (buffered);
// stdout goes to /dev/null.
const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'info' });

/** Everything but the adapters, which each gateway below is given explicitly. */
const options = (): Omit<GatewayOptions, 'cache' | 'limiter' | 'revocations'> => ({
  system: 'bench',
  registry,
  logger,
  // Signs the caller's identity for the upstream on every authenticated request, as a system's gateway does.
  vouches: createVouches(randomBytes(32)),
  routes: [
    { method: 'GET', path: '/public/**', service: 'hello', auth: 'public' },
    { method: 'GET', path: '/full/**', service: 'hello', auth: ['student', 'teacher'] },
  ],
  auth: { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, keys: { keys: [jwk] } },
  limits: {
    perIp: { max: 100_000_000, windowMs: 1000, blockMs: 60_000 },
    perService: { hello: 100_000_000 },
  },
});

const gateways = [
  createGateway({
    ...options(),
    cache: createMemoryCache(),
    limiter: createMemoryLimiter(),
    revocations: createMemoryRevocations(),
  }),
];
if (process.env.BENCH_REDIS) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.BENCH_REDIS);
  const prefix = `mosaic-bench:${process.pid}:`;
  gateways.push(
    createGateway({
      ...options(),
      cache: createRedisCache(redis, { prefix }),
      limiter: createRedisLimiter(redis, { prefix }),
      revocations: createRedisRevocations(redis, { prefix }),
    }),
  );
}
const ports: number[] = [];
for (const gateway of gateways) {
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const address = gateway.server.address();
  ports.push(typeof address === 'object' && address ? address.port : 0);
}
process.stderr.write(`${JSON.stringify({ ports })}\n`);
process.once('SIGTERM', async () => {
  await Promise.all(gateways.map((g) => g.close()));
  // Let --cpu-prof write its profile on a normal exit.
  process.exit(0);
});
