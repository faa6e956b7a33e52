import type { SystemDefinition } from '@mosaic/kit/runtime';
import { isEventStream, startTestSystem, sweepGateway, type TestSystem } from '@mosaic/kit/testing';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from './systems.ts';

/** Generated requests per operation and caller; raise it for a longer hunt (MOSAIC_SWEEP_RUNS=200). */
const RUNS = Number(process.env.MOSAIC_SWEEP_RUNS ?? 4);
const ADMIN_PASSWORD = 'sweep-admin-password';
const SUPERVISOR_PASSWORD = 'Sweep1234!';

/**
 * The per-IP flood limit is off for the sweep: it sends thousands of requests from one address, and the
 * limit would answer most of them before they reached the stages and services the sweep is about. The
 * limit has its own tests.
 */
function withoutIpLimit(definition: SystemDefinition): SystemDefinition {
  const { perIp: _perIp, ...limits } = definition.gateway.limits ?? {};
  return { ...definition, gateway: { ...definition.gateway, limits } };
}

/** Status of each GET that needs no path parameter, per caller: what "still works afterwards" is held to. */
async function ordinaryReads(
  system: TestSystem,
  callers: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, number>> {
  const document = (await (await request(`${system.gatewayUrl}/openapi.json`)).body.json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const statuses: Record<string, number> = {};
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!methods.get || path.includes('{')) continue;
    for (const [caller, authorization] of Object.entries(callers)) {
      const answer = await request(system.gatewayUrl + path, { headers: authorization ? { authorization } : {} });
      // An event stream never ends by itself: its head says it works.
      if (isEventStream(answer.headers['content-type'])) answer.body.destroy();
      else await answer.body.dump();
      statuses[`${caller} GET ${path}`] = answer.statusCode;
    }
  }
  return statuses;
}

async function openBreakers(system: TestSystem): Promise<string[]> {
  const metrics = await (await request(`${system.gatewayUrl}/metrics`)).body.text();
  return metrics.split('\n').filter((line) => line.startsWith('mosaic_gateway_breaker_state{') && !line.endsWith(' 0'));
}

async function signedIn(system: TestSystem): Promise<Record<string, string | undefined>> {
  const roles = (await system.definition.demoCallers?.(system)) ?? {};
  return { anonymous: undefined, 'garbage-token': 'Bearer not.a.token', ...roles };
}

describe.each(SYSTEMS.map((definition) => [definition.name, definition] as const))(
  'hostile input to %s',
  (_name, definition) => {
    let system: TestSystem;
    // The test files of a worker share one process (vitest.config.ts): the passwords go back as they were.
    const firstPasswords = {
      MOSAIC_SCHOOL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // commerce's first supervisor takes this password, so its demo callers include a SUPERVISOR.
      MOSAIC_COMMERCE_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD,
      MOSAIC_ROOMS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    const before = Object.fromEntries(Object.keys(firstPasswords).map((name) => [name, process.env[name]]));

    beforeAll(async () => {
      Object.assign(process.env, firstPasswords);
      system = await startTestSystem(withoutIpLimit(definition));
      await definition.demo?.(system);
    });

    afterAll(async () => {
      await system?.close();
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('answers every generated request of every route, as every caller, without a 5xx or a hang', async () => {
      const callers = await signedIn(system);
      const before = await ordinaryReads(system, callers);
      const report = await sweepGateway({ gatewayUrl: system.gatewayUrl, callers, runs: RUNS, timeoutMs: 10_000 });
      console.info(
        `hostile-input sweep of ${definition.name}: ${report.requests} requests over ${report.operations} operations, ${report.serverErrors} answered 5xx`,
      );
      expect(report.failures).toEqual([]);
      expect(report.requests).toBeGreaterThanOrEqual(report.operations * RUNS);

      // Afterwards, ordinary requests still work: no breaker open, and every read answers as it did before.
      expect(await openBreakers(system)).toEqual([]);
      const fresh = await signedIn(system);
      expect(await ordinaryReads(system, fresh)).toEqual(before);
    });

    it("answers requests sent straight to each service's port, with made-up identity headers, without a 5xx", async () => {
      const services = new Map([...system.services].map(([name, service]) => [name, service.url]));
      const report = await sweepGateway({
        gatewayUrl: system.gatewayUrl,
        services,
        // Past the gateway an attacker can claim anyone: the services must take them for nobody.
        headers: { 'x-mosaic-subject': 'admin-000000000001', 'x-mosaic-role': 'admin', 'x-mosaic-service': 'auth' },
        callers: { anonymous: undefined, 'garbage-token': 'Bearer not.a.token' },
        runs: Math.ceil(RUNS / 2),
        timeoutMs: 10_000,
      });
      console.info(
        `hostile-input sweep of ${definition.name}'s service ports: ${report.requests} requests, ${report.serverErrors} answered 5xx`,
      );
      expect(report.failures).toEqual([]);
      expect(report.requests).toBeGreaterThan(0);
    });
  },
);
