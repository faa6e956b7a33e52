import type { SystemAddresses, SystemDefinition } from '@mosaic/kit/runtime';
import type { ChildStatus } from './child.ts';

/**
 * Where the system listens once every one of its processes (each replica and the gateway) is ready, which is
 * when its demo may be seeded; undefined until then. A service with replicas is reached through its first.
 */
export function readyAddresses(
  system: SystemDefinition,
  statuses: readonly ChildStatus[],
): Omit<SystemAddresses, 'vouchedHeaders'> | undefined {
  const own = statuses.filter((status) => status.spec.system === system.name);
  if (own.length === 0 || own.some((status) => status.phase !== 'ready' || status.url === undefined)) return undefined;
  const gateway = own.find((status) => status.spec.kind === 'gateway');
  if (!gateway) return undefined;
  const services = new Map<string, { url: string }>();
  for (const { spec, url } of own) {
    if (spec.service !== undefined && !services.has(spec.service)) services.set(spec.service, { url: url! });
  }
  return { gatewayUrl: gateway.url!, services };
}
