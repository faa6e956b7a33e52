import type { SystemAddresses, SystemDefinition } from '@mosaic/kit/runtime';
import type { ChildStatus } from './child.ts';

/** True when the process belongs to the system: `run <system>/<service>` or `gateway <system>`. */
function belongsTo(status: ChildStatus, system: string): boolean {
  const target = status.spec.args[1] ?? '';
  return status.spec.kind === 'gateway' ? target === system : target.startsWith(`${system}/`);
}

/**
 * Where the system listens once every one of its processes (each replica and the gateway) is ready, which is
 * when its demo may be seeded; undefined until then. A service with replicas is reached through its first.
 */
export function readyAddresses(
  system: SystemDefinition,
  statuses: readonly ChildStatus[],
): SystemAddresses | undefined {
  const own = statuses.filter((status) => belongsTo(status, system.name));
  if (own.length === 0 || own.some((status) => status.phase !== 'ready' || status.url === undefined)) return undefined;
  const gateway = own.find((status) => status.spec.kind === 'gateway');
  if (!gateway) return undefined;
  const services = new Map<string, { url: string }>();
  for (const status of own) {
    const name = status.spec.args[1]!.slice(system.name.length + 1);
    if (status.spec.kind === 'service' && !services.has(name)) services.set(name, { url: status.url! });
  }
  return { gatewayUrl: gateway.url!, services };
}
