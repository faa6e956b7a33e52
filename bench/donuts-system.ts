// donuts for the bench, in its own process(es), and what the bench does to it as an operator would: settings
// through the runtime's config store (as `mosaic config set`), products through sales' internal route with a
// vouch signed by the system's key (as the demo enters its donuts).
import { vouchedHeaders } from '@mosaic/kit/auth';
import { silentLogger } from '@mosaic/kit/observability';
import {
  createDistributedRuntime,
  createEmbeddedRuntime,
  type Runtime as KitRuntime,
  readDistributedConfig,
} from '@mosaic/kit/runtime';
import { setServiceSetting } from '@mosaic/kit/testing';
import type { ProductEntryBody } from '../systems/donuts/sales/schemas.ts';
import { donuts } from '../systems/donuts/system.ts';
import { type BenchSystem, type Runtime, startDistributed, startEmbedded } from './system-processes.ts';

/** A product as sales' warehouse entry takes it. */
export type Entry = ProductEntryBody;

export interface DonutsUnderTest {
  runtime: Runtime;
  gatewayUrl: string;
  /** Straight to the service, past the gateway: sales (internal entry route) and the factory. */
  salesUrl: string;
  factoryUrl: string;
  processes: Record<string, number>;
  setSetting(service: string, key: string, value: unknown): Promise<void>;
  enter(sku: string, entry: Entry): Promise<void>;
  stop(): Promise<void>;
}

/** How long a setting takes to reach the services: the file store polls every 500 ms, the NATS KV watch pushes. */
const SETTING_SETTLES_MS = 1_200;

export async function startDonuts(runtime: Runtime): Promise<DonutsUnderTest> {
  const started = runtime === 'embedded' ? await startEmbeddedDonuts() : await startDistributedDonuts();
  const { kit, system, services } = started;
  const keys = await kit.systemKeys('donuts');
  const need = (name: string) => {
    const url = services[name];
    if (!url) throw new Error(`donuts/${name} has no address`);
    return url;
  };
  return {
    runtime,
    gatewayUrl: system.gatewayUrl,
    salesUrl: need('sales'),
    factoryUrl: need('factory'),
    processes: system.processes,
    setSetting: (service, key, value) =>
      setServiceSetting({ definition: donuts, runtime: kit }, service, key, value, SETTING_SETTLES_MS),
    async enter(sku, entry) {
      const response = await fetch(`${need('sales')}/products/${sku}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...vouchedHeaders(keys.vouches, { service: 'bench' }) },
        body: JSON.stringify(entry),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`entering ${sku} at sales: ${response.status} ${text}`);
    },
    async stop() {
      // The bench's own view of the runtime first: the distributed stop drops the namespace under it.
      await kit.close();
      await system.stop();
    },
  };
}

interface Started {
  /** The bench's own handle on the system's runtime, for its config store and keys only (no database opened). */
  kit: KitRuntime;
  system: BenchSystem;
  services: Record<string, string>;
}

/** One process on PGlite, in a data dir the bench knows: its settings and key are files in it. */
async function startEmbeddedDonuts(): Promise<Started> {
  const system = await startEmbedded({ system: 'donuts' });
  if (!system.dataDir || !system.services) throw new Error('the embedded donuts did not report its data and services');
  return {
    kit: createEmbeddedRuntime({ dataDir: system.dataDir, logger: silentLogger() }),
    system,
    services: system.services,
  };
}

/** `mosaic up --distributed donuts` under a fresh namespace; the services' addresses from its registry. */
async function startDistributedDonuts(): Promise<Started> {
  const system = await startDistributed({ system: 'donuts', upFlags: ['--no-demo'] }, undefined);
  let kit: KitRuntime | undefined;
  try {
    const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: system.namespace ?? '' });
    kit = await createDistributedRuntime({ config, logger: silentLogger() });
    const services: Record<string, string> = {};
    for (const name of ['sales', 'factory']) services[name] = await readyInstance(kit, name);
    return { kit, system, services };
  } catch (error) {
    await kit?.close();
    await system.stop();
    throw error;
  }
}

/** A ready instance's URL, as soon as the registry's local view (filled by its watch) has one. */
async function readyInstance(kit: KitRuntime, service: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = kit.registry.instances('donuts', service).find((i) => i.ready);
    if (found) return found.url;
    if (Date.now() > deadline) throw new Error(`donuts/${service} is not in the registry`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
