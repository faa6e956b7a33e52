import commerce from '@mosaic/commerce';
import donuts from '@mosaic/donuts';
import fishdelivery from '@mosaic/fishdelivery';
import type { SystemDefinition } from '@mosaic/kit/runtime';
import rooms from '@mosaic/rooms';
import school from '@mosaic/school';

/** Every system `mosaic up` knows, in start order. */
export const SYSTEMS: readonly SystemDefinition[] = [school, fishdelivery, commerce, rooms, donuts];

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

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}
