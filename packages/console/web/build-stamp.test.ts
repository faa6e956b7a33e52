import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildStamp, buildStamp, distDir } from './build-stamp.ts';

describe('the console page in dist', () => {
  it('was built from the sources and packages in this checkout', () => {
    const file = join(distDir, 'build-stamp.json');
    if (!existsSync(file)) {
      expect.fail('packages/console/dist has no build-stamp.json: run npm run build -w @mosaic/console');
    }
    const built = JSON.parse(readFileSync(file, 'utf8')) as BuildStamp;
    const now = buildStamp();
    expect(
      built.sources === now.sources,
      `packages/console/dist is stale (built from ${JSON.stringify(built.packages)}, sources ${built.sources.slice(0, 12)}; ` +
        `the checkout has ${JSON.stringify(now.packages)}, sources ${now.sources.slice(0, 12)}): ` +
        'run npm run build -w @mosaic/console',
    ).toBe(true);
  });

  it('serves the page its index.html names', () => {
    // A build that emptied dist half-way would leave a stamp and a page pointing at nothing.
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) expect(existsSync(join(distDir, asset)), asset).toBe(true);
  });
});
