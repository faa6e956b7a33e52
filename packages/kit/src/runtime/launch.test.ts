import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { createEmbeddedRuntime } from './embedded.ts';
import { launchSystem } from './launch.ts';
import type { Runtime } from './runtime.ts';
import { defineSystem, type SystemDefinition } from './system.ts';

/** A port another program holds. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, port: address.port };
}

const service = (name: string, port: number) => ({
  definition: { name, system: 'shop', migrations: {}, endpoints: [] },
  port,
});
const shop = (ports: { catalog: number; ledger: number; gateway: number }): SystemDefinition =>
  defineSystem({
    name: 'shop',
    title: 'a shop',
    gateway: { port: ports.gateway },
    services: [service('catalog', ports.catalog), service('ledger', ports.ledger)],
  });

describe('launching a system on its fixed ports', () => {
  let runtime: Runtime;
  let taken: { server: Server; port: number };
  beforeEach(async () => {
    runtime = createEmbeddedRuntime({ logger: silentLogger(), host: '127.0.0.1' });
    taken = await holdPort();
  });
  afterEach(async () => {
    await runtime.close();
    taken.server.close();
  });

  it('names the port and the service when another program holds it, and leaves nothing of the system running', async () => {
    const launched = launchSystem(shop({ catalog: 0, ledger: taken.port, gateway: 0 }), runtime, { ports: 'fixed' });
    await expect(launched).rejects.toThrow(
      `port ${taken.port} on 127.0.0.1, where shop/ledger listens, is taken (by another Mosaic, or another program): stop that first`,
    );
    // catalog had started before ledger failed: it left the registry (and its port) again.
    expect(runtime.registry.instances('shop', 'catalog')).toEqual([]);
  });

  it("names the gateway's port the same way", async () => {
    const launched = launchSystem(shop({ catalog: 0, ledger: 0, gateway: taken.port }), runtime, { ports: 'fixed' });
    await expect(launched).rejects.toThrow(`port ${taken.port} on 127.0.0.1, where shop/gateway listens, is taken`);
    expect(runtime.registry.instances('shop', 'ledger')).toEqual([]);
  });
});
