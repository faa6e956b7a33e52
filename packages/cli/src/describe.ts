import { readFile, writeFile } from 'node:fs/promises';
import { referenceOf, withReference } from './reference/reference.ts';
import { loadSystems } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

/** Where each system's page lives, from the repository's root. */
export const pagePath = (system: string) => new URL(`../../../docs/systems/${system}.md`, import.meta.url);

/**
 * `mosaic describe <system>`: prints the system's reference tables (endpoints, events, sagas, errors), derived
 * from its definitions. `--write` puts them into docs/systems/<system>.md below the page's hand-written part.
 */
export async function describe(names: readonly string[], options: { write: boolean }): Promise<void> {
  if (names.length === 0 && !options.write) throw new UsageError('name a system: mosaic describe <system>');
  for (const system of await loadSystems(names)) {
    if (!options.write) {
      console.log(referenceOf(system));
      continue;
    }
    const path = pagePath(system.name);
    const page = await readFile(path, 'utf8').catch(() => `# ${system.name}\n`);
    await writeFile(path, withReference(page, system));
    console.log(`wrote ${path.pathname}`);
  }
}
