import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropConfigBucket } from '@mosaic/kit/config';
import { connectNats } from '@mosaic/kit/messaging';
import { configDir, type DistributedRuntime } from '@mosaic/kit/runtime';
import { startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines, engineUrls } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seen, shop } from './config-fixture.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const FIXTURE = join(import.meta.dirname, 'config-fixture.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-config-cli-'));
const KEY = 'ab'.repeat(32);
let system: TestSystem;

/** Runs the real CLI, with the fixture's system added to its list and the same MOSAIC_CONFIG_KEY as the system. */
async function mosaic(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', FIXTURE, MAIN, ...args], {
    env: { ...process.env, MOSAIC_CONFIG_KEY: KEY, MOSAIC_CONFIG_FIXTURE: 'register', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out, err };
}

const previousKey = process.env.MOSAIC_CONFIG_KEY;
beforeAll(async () => {
  process.env.MOSAIC_CONFIG_KEY = KEY;
  system = await startTestSystem(shop, { dataDir });
});
afterAll(async () => {
  await system?.close();
  if (previousKey === undefined) delete process.env.MOSAIC_CONFIG_KEY;
  else process.env.MOSAIC_CONFIG_KEY = previousKey;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('mosaic config (embedded)', () => {
  const mosaicHere = (args: readonly string[]) => mosaic([...args, '--data', dataDir]);
  it('sets a value the running service reads at once through ctx.settings, stored encrypted', async () => {
    expect(seen.ctx?.settings.get('address.limit')).toBe(3);
    const { code, out, err } = await mosaicHere(['config', 'set', 'configshop/cart', 'address.limit', '5']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.trim()).toBe('configshop/cart address.limit = 5');
    await waitFor(() => seen.ctx?.settings.get('address.limit') === 5, { timeoutMs: 1_000, what: 'the new limit' });
    const files = join(configDir(dataDir, 'configshop'), 'cart');
    expect(readdirSync(files)).toEqual(['address.limit']);
    expect(readFileSync(join(files, 'address.limit'), 'utf8')).toMatch(/^aes-256-gcm:/);
  });

  it('refuses a value the setting does not allow, and changes nothing', async () => {
    const { code, out, err } = await mosaicHere(['config', 'set', 'configshop/cart', 'address.limit', 'lots']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('configshop/cart/address.limit: "lots" is refused');
    expect(err).toContain('nothing was changed');
    expect(seen.ctx?.settings.get('address.limit')).toBe(5);
  });

  it('lists every setting with what is set and what is a default; get prints one value', async () => {
    const listed = await mosaicHere(['config', 'list', 'configshop/cart']);
    expect(listed.err).toBe('');
    expect(listed.out.trim().split('\n')).toEqual(['address.limit = 5', 'greeting.text = "hello" (default)']);
    const got = await mosaicHere(['config', 'get', 'configshop/cart', 'address.limit']);
    expect(got.code).toBe(0);
    expect(got.out.trim()).toBe('5');
  });
});

await describeWithEngines(['postgres', 'nats', 'redis'], 'mosaic config --distributed', () => {
  it('sets a value in NATS KV that the running service reads within a second', async () => {
    const running = await startTestSystem(shop, { runtime: 'distributed' });
    const { namespace } = (running.runtime as DistributedRuntime).config;
    const nats = await connectNats({ servers: engineUrls().nats, name: 'config test' });
    try {
      expect(seen.ctx?.settings.get('greeting.text')).toBe('hello');
      const set = await mosaic(['config', 'set', 'configshop/cart', 'greeting.text', 'hi there', '--distributed'], {
        MOSAIC_NAMESPACE: namespace,
      });
      expect(set.err).toBe('');
      expect(set.code).toBe(0);
      await waitFor(() => seen.ctx?.settings.get('greeting.text') === 'hi there', { timeoutMs: 1_000 });
    } finally {
      await running.close();
      await dropConfigBucket(nats, namespace);
      await nats.close();
    }
  });
});
