import { sweepGateway, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donutsDemo } from '../demo.ts';
import { startDonuts } from './fixtures.ts';

/** Generated requests per operation and caller; raise it for a longer hunt (MOSAIC_SWEEP_RUNS=200). */
const RUNS = Number(process.env.MOSAIC_SWEEP_RUNS ?? 4);

/**
 * The hostile-input sweep (DESIGN §8) over every donuts route, at the gateway and straight at each service:
 * nothing a client sends gets a 5xx or no answer. (The CLI's sweep of every system covers donuts too once it
 * is listed there.)
 */
describe('hostile input to donuts', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startDonuts();
    await donutsDemo(system);
  });
  afterAll(() => system?.close());

  it('answers every generated request of every route without a 5xx or a hang', async () => {
    const callers = { anonymous: undefined, 'garbage-token': 'Bearer not.a.token' };
    const report = await sweepGateway({ gatewayUrl: system.gatewayUrl, callers, runs: RUNS, timeoutMs: 10_000 });
    console.info(`hostile-input sweep of donuts: ${report.requests} requests over ${report.operations} operations`);
    expect(report.failures).toEqual([]);
    expect(report.operations).toBeGreaterThanOrEqual(9);
    expect(report.requests).toBeGreaterThanOrEqual(report.operations * RUNS);
    const services = new Map([...system.services].map(([name, s]) => [name, s.url]));
    const direct = await sweepGateway({
      gatewayUrl: system.gatewayUrl,
      callers,
      runs: RUNS,
      timeoutMs: 10_000,
      services,
    });
    expect(direct.failures).toEqual([]);
    // Afterwards the shop still sells.
    const donut = await system.http.get<{ sku: string }>('/product/donut');
    expect(donut.status).toBe(200);
  });
});
