import { createNatsKvRegistry, GATEWAY_SERVICE } from '@mosaic/kit/discovery';
import type { DistributedConfig, SystemDefinition } from '@mosaic/kit/runtime';
import { addressOf, type ScrapeTarget } from './scrape-targets.ts';

/**
 * Every instance in the distributed runtime's NATS KV registry, service replicas and gateway replicas alike
 * (`mosaic gateway` registers as `gateway`), for the systems given.
 */
export async function targetsFromRegistry(
  systems: readonly SystemDefinition[],
  config: DistributedConfig,
): Promise<ScrapeTarget[]> {
  const registry = await createNatsKvRegistry({
    servers: config.urls.nats,
    bucket: `${config.namespace}mosaic_registry`,
    ttlMs: config.registryTtlMs,
  });
  try {
    const targets: ScrapeTarget[] = [];
    for (const system of systems) {
      const services = [GATEWAY_SERVICE, ...system.services.map((s) => s.definition.name)];
      for (const service of services) {
        for (const instance of registry.instances(system.name, service)) {
          targets.push({ system: system.name, service, instance: instance.id, address: addressOf(instance.url) });
        }
      }
    }
    return targets;
  } finally {
    await registry.close();
  }
}
