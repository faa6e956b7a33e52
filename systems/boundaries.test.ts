import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

/**
 * DESIGN §3: a service imports the kit and its system's contracts, never another service's folder.
 * Shared folders (not services): contracts/ and anything at the system's top level (system.ts, tests).
 * A service may also import `sagas.ts`: the map of the system's sagas, declarations only, which the owner
 * of a saga names when it keeps it. `accounts/` is commerce's sign-in protocol (the seed's login and restore
 * answers, its cookie, the manager table sellers and supervisors share in shape), run by its user, seller and
 * supervisor services each on its own database; the generic parts (password hashing, refresh sessions, token
 * issuing) are the kit's.
 */
const SYSTEMS_DIR = dirname(new URL(import.meta.url).pathname);
const SHARED = new Set(['contracts', 'test', 'node_modules', 'accounts']);
const SHARED_FILES = new Set(['sagas.ts']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function crossings(root: string): string[] {
  const services = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory() && !SHARED.has(n));
  const found: string[] = [];
  for (const service of services) {
    for (const file of filesUnder(join(root, service))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? '';
        if (spec.startsWith('@mosaic/') && !spec.startsWith('@mosaic/kit'))
          found.push(`${relative(root, file)} → ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(dirname(file), spec));
        const top = target.split(sep)[0] ?? '';
        if (target.startsWith('..') || (top !== service && !SHARED.has(top) && !SHARED_FILES.has(target)))
          found.push(`${relative(root, file)} → ${spec}`);
      }
    }
  }
  return found;
}

const systems = readdirSync(SYSTEMS_DIR).filter((n) => statSync(join(SYSTEMS_DIR, n)).isDirectory());

describe('service boundaries', () => {
  it('finds the systems to check', () => {
    expect(systems).toContain('fishdelivery');
  });

  it.each(systems)('no service of %s imports another service or system', (system) => {
    expect(crossings(join(SYSTEMS_DIR, system))).toEqual([]);
  });

  it('catches a service importing a sibling service or another system', () => {
    const root = mkdtempSync(join(tmpdir(), 'mosaic-boundaries-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    for (const dir of ['order', 'payment', 'contracts']) mkdirSync(join(root, dir));
    writeFileSync(join(root, 'payment', 'domain.ts'), 'export const x = 1;');
    writeFileSync(join(root, 'contracts', 'events.ts'), 'export const y = 1;');
    writeFileSync(
      join(root, 'order', 'domain.ts'),
      "import { x } from '../payment/domain.ts';\nimport { y } from '../contracts/events.ts';\nimport z from '@mosaic/rooms';\n",
    );
    expect(crossings(root)).toEqual(['order/domain.ts → ../payment/domain.ts', 'order/domain.ts → @mosaic/rooms']);
  });
});
