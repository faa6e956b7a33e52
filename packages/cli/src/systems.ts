import type { SystemDefinition } from '@mosaic/kit/runtime';
import { SYSTEM_LOADERS } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

export { UsageError };

/** Every system `mosaic up` knows, in start order, loaded (for the commands that span systems). */
export const SYSTEMS: readonly SystemDefinition[] = await Promise.all(
  Object.values(SYSTEM_LOADERS).map((load) => load()),
);

export function pickSystems(names: readonly string[]): SystemDefinition[] {
  if (names.length === 0) return [...SYSTEMS];
  return names.map((name) => {
    const found = SYSTEMS.find((s) => s.name === name);
    if (!found) {
      throw new UsageError(`unknown system "${name}"; known systems: ${SYSTEMS.map((s) => s.name).join(', ')}`);
    }
    return found;
  });
}
