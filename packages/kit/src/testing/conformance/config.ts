// Test support (not exported): the one behaviour every ConfigStore adapter must show, through the typed settings.
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createConfigCipher } from '../../config/cipher.ts';
import type { ConfigStore } from '../../config/config.ts';
import { openSettings, type ServiceSettings, SettingRefused } from '../../config/settings.ts';
import { silentLogger } from '../../observability/logger.ts';
import { waitFor } from '../wait.ts';

/** Stores on one backing: each `open` is how another process of the system would see it. */
export interface ConfigFixture {
  open(): Promise<ConfigStore>;
}

const schemas = {
  'token.access_ttl': Type.Integer({ minimum: 60, default: 3600 }),
  'address.limit': Type.Integer({ default: 3 }),
  'greeting.text': Type.String({ default: 'hello' }),
};

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

export function configContract(make: () => Promise<ConfigFixture> | ConfigFixture): void {
  let fixture: ConfigFixture;
  let service: string;
  const opened: ConfigStore[] = [];
  const settings: ServiceSettings<typeof schemas>[] = [];
  const key = randomBytes(32);
  let services = 0;

  /** Another instance of the service: its own store on the shared backing, its own settings. */
  async function instance(options: { key?: Buffer | undefined; logger?: pino.Logger } = { key }) {
    const store = await fixture.open();
    opened.push(store);
    const own = await openSettings({
      system: 'conformance',
      service,
      schemas,
      store,
      cipher: createConfigCipher(options.key),
      logger: options.logger ?? silentLogger(),
    });
    settings.push(own);
    return { store, settings: own };
  }

  beforeEach(async () => {
    fixture = await make();
    service = `svc${++services}-${randomBytes(3).toString('hex')}`;
  });
  afterEach(async () => {
    for (const s of settings.splice(0)) s.close();
    for (const store of opened.splice(0)) await store.close();
  });

  it('answers each setting with its default until one is set', async () => {
    const { settings } = await instance();
    const ttl: number = settings.get('token.access_ttl');
    expect(ttl).toBe(3600);
    expect(settings.list()).toEqual([
      { key: 'address.limit', value: 3, source: 'default' },
      { key: 'greeting.text', value: 'hello', source: 'default' },
      { key: 'token.access_ttl', value: 3600, source: 'default' },
    ]);
  });

  it('sets a value, reads it back at once, and lists it as set; a new instance reads it too', async () => {
    const first = await instance();
    await first.settings.set('address.limit', 5);
    expect(first.settings.get('address.limit')).toBe(5);
    expect(first.settings.list().find((s) => s.key === 'address.limit')).toEqual({
      key: 'address.limit',
      value: 5,
      source: 'set',
    });
    await first.settings.set('address.limit', 7);
    const later = await instance();
    expect(later.settings.get('address.limit')).toBe(7);
    expect(later.settings.get('token.access_ttl')).toBe(3600);
  });

  it('refuses a value its schema does not allow, or an unknown setting, and stores nothing', async () => {
    const { store, settings } = await instance();
    await expect(settings.set('token.access_ttl', 30)).rejects.toThrow(SettingRefused);
    await expect(settings.set('token.access_ttl', 30)).rejects.toThrow(/token\.access_ttl: 30 is refused: .*60/);
    await expect(settings.set('token.access_ttl', 'soon')).rejects.toThrow(/refused/);
    await expect(settings.set('no.such', 1)).rejects.toThrow(/has no setting no\.such \(its settings: address\.limit/);
    expect(settings.get('token.access_ttl')).toBe(3600);
    expect([...(await store.read(service)).keys()]).toEqual([]);
  });

  it('keeps values encrypted at rest when a key is given, each with its own IV', async () => {
    const { store, settings } = await instance();
    await settings.set('greeting.text', 'plain-text-secret');
    await settings.set('address.limit', 424242);
    const stored = await store.read(service);
    const greeting = stored.get('greeting.text') ?? '';
    expect(greeting).not.toBe('');
    expect(greeting).not.toContain('plain-text-secret');
    expect(Buffer.from(greeting).toString('base64')).not.toContain(Buffer.from('plain-text-secret').toString('base64'));
    expect(stored.get('address.limit')).not.toContain('424242');
    await settings.set('address.limit', 424242);
    expect((await store.read(service)).get('address.limit')).not.toBe(stored.get('address.limit'));
  });

  it('keeps values plain without a key, and still reads them once a key is given', async () => {
    const plain = await instance({ key: undefined });
    await plain.settings.set('address.limit', 9);
    expect((await plain.store.read(service)).get('address.limit')).toContain('9');
    const keyed = await instance({ key });
    expect(keyed.settings.get('address.limit')).toBe(9);
  });

  it('shows a change made by another instance to every running one within a second', async () => {
    const reader = await instance();
    const writer = await instance();
    const started = Date.now();
    await writer.settings.set('token.access_ttl', 120);
    await waitFor(() => reader.settings.get('token.access_ttl') === 120, {
      timeoutMs: 1_000,
      intervalMs: 10,
      what: 'the other instance to see the new value',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    await writer.settings.set('token.access_ttl', 240);
    await waitFor(() => reader.settings.get('token.access_ttl') === 240, { timeoutMs: 1_000, intervalMs: 10 });
  });

  it('uses the default and logs an error for a value it cannot decrypt (another key)', async () => {
    const writer = await instance({ key });
    await writer.settings.set('token.access_ttl', 7200);
    const { logger, lines } = capturingLogger();
    const reader = await instance({ key: randomBytes(32), logger });
    expect(reader.settings.get('token.access_ttl')).toBe(3600);
    expect(reader.settings.list().find((s) => s.key === 'token.access_ttl')?.source).toBe('default');
    const error = lines.find((line) => line.level === 50 && line.setting === 'token.access_ttl');
    expect(String(error?.msg)).toContain('using its default');
    expect(JSON.stringify(error?.err)).toContain('does not decrypt');
  });
}
