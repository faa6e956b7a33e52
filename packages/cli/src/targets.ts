import type { SystemDefinition } from '@mosaic/kit/runtime';
import { loadSystem, SYSTEM_LOADERS } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

type ServiceEntry = SystemDefinition['services'][number];

/** `fishdelivery/payment` → the system and the service entry (with its declared port). */
export async function findService(
  target: string | undefined,
): Promise<{ system: SystemDefinition; service: ServiceEntry }> {
  const [systemName, serviceName, ...rest] = (target ?? '').split('/');
  if (!systemName || !serviceName || rest.length > 0) {
    throw new UsageError(`expected <system>/<service>, e.g. fishdelivery/order; got "${target ?? ''}"`);
  }
  const system = await loadSystem(systemName);
  const service = system.services.find((s) => s.definition.name === serviceName);
  if (!service) {
    const known = system.services.map((s) => s.definition.name).join(', ');
    throw new UsageError(`${systemName} has no service "${serviceName}"; its services: ${known}`);
  }
  return { system, service };
}

export function findSystem(name: string | undefined): Promise<SystemDefinition> {
  if (!name) throw new UsageError(`expected a system name; known systems: ${Object.keys(SYSTEM_LOADERS).join(', ')}`);
  return loadSystem(name);
}
