import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../observability/logger.ts';
import { configContract } from '../../testing/conformance/config.ts';
import { createConfigCipher } from '../cipher.ts';
import { openSettings } from '../settings.ts';
import { createFileConfigStore } from './config-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'mosaic-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file config store', () => {
  // Each `open` is its own store on the same directory: as the running system and `mosaic config` are.
  configContract(() => ({ open: async () => createFileConfigStore(dir, { logger: silentLogger() }) }));

  it('keeps one file per value, owner-only, holding no plain value when a key is given', async () => {
    const store = createFileConfigStore(dir);
    const settings = await openSettings({
      system: 'files',
      service: 'onfile',
      schemas: { 'api.secret': Type.String({ default: '' }) },
      store,
      cipher: createConfigCipher(Buffer.alloc(32, 7)),
      logger: silentLogger(),
    });
    await settings.set('api.secret', 'sk-live-123');
    expect(readdirSync(join(dir, 'onfile'))).toEqual(['api.secret']);
    const path = join(dir, 'onfile', 'api.secret');
    expect(readFileSync(path, 'utf8')).not.toContain('sk-live-123');
    expect(readFileSync(path, 'utf8')).toMatch(/^aes-256-gcm:/);
    settings.close();
    await store.close();
  });
});
