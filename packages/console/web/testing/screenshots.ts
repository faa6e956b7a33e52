import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const results = join(repo, 'test-results', 'console');
const docs = join(repo, 'docs', 'console');

/**
 * Saves the page as test-results/console/<name>.png; with MOSAIC_CONSOLE_DOCS=1 (npm run screenshots -w
 * @mosaic/console) also as docs/console/<name>.png, the pictures the README shows.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(results, { recursive: true });
  const path = join(results, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.MOSAIC_CONSOLE_DOCS === '1') {
    mkdirSync(docs, { recursive: true });
    copyFileSync(path, join(docs, `${name}.png`));
  }
  return path;
}
