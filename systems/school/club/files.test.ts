import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPGlite } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { directoryFiles, type FileStore, imageTypeOf, logoKey, tableFiles } from './files.ts';
import { migrations } from './store/migrations.ts';
import type { ClubTables } from './store/tables.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

describe('what an upload really is', () => {
  it('tells PNG, JPEG, GIF and WebP by their bytes', () => {
    expect(imageTypeOf(PNG)).toBe('image/png');
    expect(imageTypeOf(GIF)).toBe('image/gif');
    expect(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('is no image when it only claims to be one: HTML, SVG, a RIFF that is not WebP, nothing', () => {
    expect(imageTypeOf(Buffer.from('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(imageTypeOf(Buffer.alloc(0))).toBeUndefined();
  });
});

let closeDatabase: () => Promise<void>;
let db: Kysely<ClubTables>;
beforeAll(async () => {
  const engine = await openPGlite();
  const database = await engine.forService('club');
  await migrate(database, migrations);
  db = database.db as Kysely<ClubTables>;
  closeDatabase = () => engine.close();
});
afterAll(() => closeDatabase?.());

/** A directory of the test's own, removed when the test ends. */
function logoDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-logos-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const adapters: [string, () => FileStore][] = [
  ['in the club database', () => tableFiles(db, () => new Date())],
  ['in a directory', () => directoryFiles(logoDir())],
];

describe.each(adapters)('a logo store %s', (_where, make) => {
  it('gives back what was put, replaces it on a second put, and forgets it on delete', async () => {
    const files = make();
    const key = logoKey('club-000000000001');
    expect(await files.get(key)).toBeUndefined();
    await files.put(key, { contentType: 'image/png', bytes: PNG });
    const first = await files.get(key);
    expect(first?.contentType).toBe('image/png');
    expect(Buffer.from(first!.bytes).equals(PNG)).toBe(true);
    await files.put(key, { contentType: 'image/gif', bytes: GIF });
    const second = await files.get(key);
    expect(second?.contentType).toBe('image/gif');
    expect(Buffer.from(second!.bytes).equals(GIF)).toBe(true);
    await files.delete(key);
    expect(await files.get(key)).toBeUndefined();
  });
});

describe('the directory store', () => {
  it('keeps files under its root, named by key, and refuses a key that climbs out', async () => {
    const root = logoDir();
    const files = directoryFiles(root);
    await files.put(logoKey('club-000000000002'), { contentType: 'image/png', bytes: PNG });
    expect(readdirSync(join(root, 'logos'))).toEqual(['club-000000000002']);
    await expect(files.put('../escaped', { contentType: 'image/png', bytes: PNG })).rejects.toThrow(/escapes/);
  });
});
