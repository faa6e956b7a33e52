import type { SystemDefinition } from '@mosaic/kit/runtime';
import { UsageError } from './usage-error.ts';

/**
 * Every system the CLI knows, in start order, each loaded when asked for. The one list: `systems.ts` loads
 * them all for the commands that span systems; `mosaic run` and `mosaic gateway`, which a container or a test
 * starts once per service, load only their own (importing all five cost each process about a second).
 */
export const SYSTEM_LOADERS: Readonly<Record<string, () => Promise<SystemDefinition>>> = {
  school: async () => (await import('@mosaic/school')).default,
  fishdelivery: async () => (await import('@mosaic/fishdelivery')).default,
  commerce: async () => (await import('@mosaic/commerce')).default,
  rooms: async () => (await import('@mosaic/rooms')).default,
  donuts: async () => (await import('@mosaic/donuts')).default,
};

export function loadSystem(name: string): Promise<SystemDefinition> {
  const load = SYSTEM_LOADERS[name];
  if (!load) {
    throw new UsageError(`unknown system "${name}"; known systems: ${Object.keys(SYSTEM_LOADERS).join(', ')}`);
  }
  return load();
}

/** The systems named (checked), or every known one when none is: for commands that need only their names. */
export function systemNames(names: readonly string[]): string[] {
  const known = Object.keys(SYSTEM_LOADERS);
  const unknown = names.find((name) => !known.includes(name));
  if (unknown) throw new UsageError(`unknown system "${unknown}"; known systems: ${known.join(', ')}`);
  return names.length > 0 ? [...names] : known;
}

/** The systems named (or all), loaded: `mosaic up donuts` loads donuts alone. */
export function loadSystems(names: readonly string[]): Promise<SystemDefinition[]> {
  return Promise.all(systemNames(names).map((name) => loadSystem(name)));
}
