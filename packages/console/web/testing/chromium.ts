import { existsSync } from 'node:fs';
import { enginesRequired } from '@mosaic/kit/testing/engines';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (apt install chromium): the tests drive the browser the machine has, never a downloaded one. */
export const CHROMIUM = process.env.MOSAIC_CHROMIUM || '/usr/bin/chromium';

/**
 * Declares a suite that needs Chromium, gated like the engine suites: missing, it is skipped with one line
 * saying why, or fails when MOSAIC_ENGINES=required (CI), so nobody mistakes a skip for a pass.
 */
export async function describeWithChromium(name: string, body: () => void): Promise<void> {
  const { describe, it } = await import('vitest');
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const line = `no Chromium at ${CHROMIUM}: install it (apt install chromium) or set MOSAIC_CHROMIUM to its path`;
  if (enginesRequired()) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${line} (MOSAIC_ENGINES=required)`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${line}; set MOSAIC_ENGINES=required to fail instead`);
  describe.skip(name, body);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}
