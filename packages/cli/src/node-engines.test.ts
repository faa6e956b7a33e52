import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm ci && npm start` is the promise: every package the lockfile installs must accept each Node version the
// root package.json accepts, or `npm ci` warns EBADENGINE and an ESM-only package may fail to load at all.
const root = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lockfile = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest Node of each branch of our range (`^20.19.0 || >=22.13.0` → 20.19.0 and 22.13.0). */
function oldestAccepted(range: string): string[] {
  return new semver.Range(range).set.map((comparators) => {
    const oldest = semver.minVersion(comparators.map((c) => c.value).join(' '));
    if (!oldest) throw new Error(`engines.node "${range}" accepts no version`);
    return oldest.version;
  });
}

describe('the Node versions package.json promises', () => {
  const versions = oldestAccepted(manifest.engines.node);

  it('starts on Node 20', () => {
    expect(versions.some((v) => semver.major(v) === 20)).toBe(true);
  });

  it.each(versions)('are accepted by every package in the lockfile, on Node %s', (node) => {
    const refusing = Object.entries(lockfile.packages).flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return wanted && !semver.satisfies(node, wanted) ? [`${path}@${entry.version} wants node ${wanted}`] : [];
    });
    expect(refusing).toEqual([]);
  });
});
