import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Registry } from '../discovery/registry.ts';
import { ATTACK_ROUTES, type AttackTarget, attackSuite, floodOnce } from '../testing/conformance/gateway-attacks.ts';
import {
  AUDIENCE,
  freshRegistry,
  ISSUER,
  jwksRoutes,
  outingRoutes,
  type Service,
  signingKey,
  startGateway,
  startService,
  type TestGateway,
} from './test-support.ts';

const FLOOD_MAX = 30;

let registry: Registry;
let services: Service[];
let gateway: TestGateway;
let target: AttackTarget;

beforeAll(async () => {
  registry = freshRegistry();
  const key = await signingKey();
  const outing = await startService(registry, 'outing', outingRoutes());
  services = [outing, await startService(registry, 'auth', jwksRoutes({ current: [key.publicJwk] }))];
  gateway = await startGateway({
    routes: ATTACK_ROUTES,
    registry,
    bodyLimitBytes: 64 * 1024,
    auth: { issuer: ISSUER, audience: AUDIENCE, keys: { jwks: { service: 'auth', path: '/.well-known/jwks.json' } } },
  });
  target = { url: gateway.url, key, upstreamPaths: async () => outing.seen.map((s) => s.url) };
});

afterAll(async () => {
  await gateway.close();
  await Promise.all(services.map((s) => s.close()));
  await registry.close();
});

describe('gateway attack suite (in process)', () => {
  attackSuite(() => target);
});

describe('gateway flood (in process)', () => {
  it('answers a flood from one IP with 429 once, then 403 with Retry-After, never a 5xx', async () => {
    // A fresh gateway, so the attack suite's requests do not count towards this one's limit.
    const flooded = await startGateway({
      routes: ATTACK_ROUTES,
      registry,
      auth: { issuer: ISSUER, audience: AUDIENCE, keys: { keys: [] } },
      limits: { perIp: { max: FLOOD_MAX, windowMs: 60_000, blockMs: 60_000 } },
    });
    try {
      await floodOnce(flooded.url, FLOOD_MAX);
    } finally {
      await flooded.close();
    }
  });
});
