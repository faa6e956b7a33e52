/**
 * What makes packages/console/dist current: a hash of the page's sources (web/, tests aside) and of the
 * lockfile entries of what the build bundles or runs. The build writes it to dist/build-stamp.json; a test
 * recomputes it, so a commit that changes the page without rebuilding dist fails instead of shipping stale.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('.', import.meta.url));
export const distDir = join(webDir, '..', 'dist');
const lockfile = join(webDir, '..', '..', '..', 'package-lock.json');

/** Bundled into the page (preact, uplot) or producing it (vite): a new version means a new dist. */
export const stampedPackages = ['preact', 'uplot', 'vite'] as const;

export interface BuildStamp {
  sources: string;
  packages: Record<string, string>;
}

export function buildStamp(): BuildStamp {
  const hash = createHash('sha256');
  for (const file of sourceFiles(webDir)) {
    // Paths with '/' and text with '\n' whatever the checkout's platform: the stamp is committed.
    hash.update(relative(webDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file, 'utf8').replaceAll('\r\n', '\n'));
    hash.update('\0');
  }
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages: Record<string, { version?: string; integrity?: string }>;
  };
  const packages: Record<string, string> = {};
  for (const name of stampedPackages) {
    const entry = lock.packages[`node_modules/${name}`];
    packages[name] = entry?.version ?? 'missing from package-lock.json';
    hash.update(`${name}@${entry?.version}:${entry?.integrity}\0`);
  }
  return { sources: hash.digest('hex'), packages };
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...sourceFiles(path));
    } else if (!/\.test\.tsx?$/.test(entry.name) && !entry.name.startsWith('.')) {
      // Tests and their helpers do not change what is built.
      if (!path.includes(`${sep}testing${sep}`)) found.push(path);
    }
  }
  return found.sort();
}
