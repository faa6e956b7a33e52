import type { OperatorTokens } from '@mosaic/kit/auth';
import { systemKeysFromNats } from '@mosaic/kit/auth';
import { createNatsKvRegistry, type Registry } from '@mosaic/kit/discovery';
import { connectNats } from '@mosaic/kit/messaging';
import type { DistributedConfig, SystemDefinition } from '@mosaic/kit/runtime';
import type { ConsoleSource, ProcessAddress } from './source.ts';

export interface DistributedSourceOptions {
  systems: readonly SystemDefinition[];
  /** Where the engines are and the namespace (as `mosaic up --distributed` read them). */
  config: DistributedConfig;
  /** The gateways the supervisor runs now, by system (they are not in the registry). */
  gateways(system: string): readonly ProcessAddress[];
}

/**
 * The distributed runtime as the supervisor sees it: service instances from the NATS KV registry (watched, so
 * reading it costs nothing), gateways from the supervisor, operator keys from the NATS KV key bucket.
 */
export async function distributedSource(options: DistributedSourceOptions): Promise<ConsoleSource> {
  const { config } = options;
  const nats = await connectNats({ servers: config.urls.nats, name: 'mosaic console' });
  let registry: Registry;
  try {
    registry = await createNatsKvRegistry({
      connection: nats,
      bucket: `${config.namespace}mosaic_registry`,
      ttlMs: config.registryTtlMs,
    });
  } catch (error) {
    await nats.close();
    throw error;
  }
  const keys = new Map<string, Promise<OperatorTokens>>();
  return {
    runtime: 'distributed',
    systems: () => options.systems,
    instances: (system, service) =>
      registry.instances(system, service).map(({ id, url, ready }) => ({ id, url, ready })),
    gateways: options.gateways,
    operators(system) {
      let found = keys.get(system);
      if (!found) {
        found = systemKeysFromNats(nats, config.namespace, system).then((k) => k.operators);
        // A failed read (NATS down a moment) is tried again next time rather than remembered.
        found.catch(() => keys.delete(system));
        keys.set(system, found);
      }
      return found;
    },
    async close() {
      await registry.close();
      await nats.close();
    },
  };
}
