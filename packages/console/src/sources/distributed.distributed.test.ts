import { fishdelivery } from '@mosaic/fishdelivery';
import { silentLogger } from '@mosaic/kit/observability';
import {
  createDistributedRuntime,
  launchSystem,
  type RunningSystem,
  type Runtime,
  readDistributedConfig,
} from '@mosaic/kit/runtime';
import { dropNamespace, freshNamespace, jsonClient, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Breakers, Sagas, Topology } from '../api.ts';
import { type RunningConsole, startConsole } from '../server.ts';
import { distributedSource } from './distributed.ts';
import type { ConsoleSource } from './source.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'the console on the distributed runtime', () => {
  const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: freshNamespace() });
  let runtime: Runtime;
  let system: RunningSystem;
  let source: ConsoleSource;
  let console_: RunningConsole;
  let api: ReturnType<typeof jsonClient>;

  beforeAll(async () => {
    runtime = await createDistributedRuntime({ systems: [fishdelivery], config, logger: silentLogger() });
    system = await launchSystem(fishdelivery, runtime, { ports: 'ephemeral' });
    // Its own NATS connection and registry view, as the supervisor's console has: nothing shared with the system.
    source = await distributedSource({
      systems: [fishdelivery],
      config,
      gateways: () => [{ id: 'fishdelivery/gateway', url: system.gatewayUrl, ready: true }],
    });
    console_ = await startConsole({ source, port: 0, scrapeIntervalMs: 60_000 });
    api = jsonClient(console_.url);
  });
  afterAll(async () => {
    await console_?.close();
    await source?.close();
    await system?.stop();
    await runtime?.close();
    await dropNamespace(config);
  });

  it('finds every instance in the NATS KV registry and reads the operator routes with a token from the NATS key bucket', async () => {
    const topology = await waitFor(
      async () => {
        const { body } = await api.get<Topology>('/api/topology');
        const services = body.systems[0]?.services ?? [];
        return services.every((s) => s.instances.length === 1 && s.instances[0]?.ready) ? body : undefined;
      },
      { what: 'the four services registered and ready' },
    );
    expect(topology.runtime).toBe('distributed');
    expect(topology.systems[0]?.services.find((s) => s.name === 'payment')?.instances[0]?.url).toBe(
      system.service('payment').url,
    );

    const placed = await jsonClient(system.gatewayUrl).post<{ orderId: number }>('/orders', {
      customerName: 'kim',
      fishName: 'flatfish',
      qty: 1,
      telephone: '01012341234',
      address: 'Seoul',
    });
    expect(placed.status).toBe(201);
    const saga = await waitFor(
      async () => (await api.get<Sagas>(`/api/sagas?subject=${placed.body.orderId}`)).body.instances[0],
      { what: `the order saga of ${placed.body.orderId}` },
    );
    expect(saga).toMatchObject({ saga: 'order', service: 'order', subject: String(placed.body.orderId) });

    const breakers = await api.get<Breakers>('/api/breakers');
    expect(breakers.body.unreachable).toBeUndefined();
    expect(breakers.body.breakers).toContainEqual(
      expect.objectContaining({ holder: 'order', target: 'payment', state: 'closed' }),
    );
  });
});
