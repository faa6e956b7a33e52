// Test support (not exported): a gateway as its own OS process, for process.test.ts. It starts a memory
// registry, the outing and auth upstreams and two gateways (one with a per-IP limit for the flood test),
// prints their URLs as one JSON line, and exits cleanly on SIGTERM.
import Fastify from 'fastify';
import type { JWK } from 'jose';
import { ATTACK_ROUTES } from '../testing/conformance/gateway-attacks.ts';
import {
  AUDIENCE,
  freshRegistry,
  ISSUER,
  jwksRoutes,
  outingRoutes,
  startGateway,
  startService,
} from './test-support.ts';

const jwk = JSON.parse(process.env.MOSAIC_TEST_JWK ?? 'null') as JWK | null;
if (!jwk) throw new Error('set MOSAIC_TEST_JWK to the public JWK the auth service should publish');
const floodMax = Number(process.env.MOSAIC_TEST_FLOOD_MAX ?? 30);

const registry = freshRegistry();
const outing = await startService(registry, 'outing', outingRoutes());
const auth = await startService(registry, 'auth', jwksRoutes({ current: [jwk] }));
const authConfig = {
  issuer: ISSUER,
  audience: AUDIENCE,
  keys: { jwks: { service: 'auth', path: '/.well-known/jwks.json' } },
};
const main = await startGateway({ routes: ATTACK_ROUTES, registry, bodyLimitBytes: 64 * 1024, auth: authConfig });
const flood = await startGateway({
  routes: ATTACK_ROUTES,
  registry,
  auth: authConfig,
  limits: { perIp: { max: floodMax, windowMs: 60_000, blockMs: 60_000 } },
});
// What the outing upstream received, for the test's "never reached /admin" checks.
const control = Fastify();
control.get('/seen', async () => outing.seen.map((s) => s.url));
await control.listen({ port: 0, host: '127.0.0.1' });
const address = control.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP port');

process.once('SIGTERM', async () => {
  await Promise.all([main.close(), flood.close(), control.close()]);
  await Promise.all([outing.close(), auth.close()]);
  await registry.close();
  process.exit(0);
});

process.stdout.write(
  `${JSON.stringify({ gateway: main.url, flood: flood.url, control: `http://127.0.0.1:${address.port}` })}\n`,
);
