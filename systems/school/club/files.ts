import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import type { ClubTables } from './store/tables.ts';

/**
 * Port: where club logos live. The seed kept them in S3 under `logos/<club_uuid>`; here an adapter keeps
 * them in the club's own database (so they follow the runtime: in memory in tests, under the data dir
 * embedded, shared by every replica distributed) or, when a directory is configured, in plain files.
 */
export interface FileStore {
  put(key: string, file: StoredFile): Promise<void>;
  get(key: string): Promise<StoredFile | undefined>;
  delete(key: string): Promise<void>;
}

export interface StoredFile {
  contentType: string;
  bytes: Uint8Array;
}

/** The image types a logo may be. SVG is left out on purpose: it can carry script. */
const IMAGE_SIGNATURES: readonly { type: string; matches: (b: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  {
    type: 'image/webp',
    matches: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
];

/**
 * The image type the bytes really are, whatever the upload claimed; undefined when they are no image we
 * serve. Served back with this type and `nosniff`, an upload can never become a page in someone's browser.
 */
export function imageTypeOf(bytes: Uint8Array): string | undefined {
  return IMAGE_SIGNATURES.find((s) => s.matches(bytes))?.type;
}

function starts(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** Files as rows of the service's own `club_files` table. */
export function tableFiles(db: Kysely<ClubTables>, clock: () => Date): FileStore {
  return {
    async put(key, file) {
      const row = { content_type: file.contentType, bytes: file.bytes, updated_at: clock().toISOString() };
      const updated = await db.updateTable('club_files').set(row).where('file_key', '=', key).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await db
          .insertInto('club_files')
          .values({ file_key: key, ...row })
          .execute();
      }
    },
    async get(key) {
      const row = await db
        .selectFrom('club_files')
        .select(['content_type', 'bytes'])
        .where('file_key', '=', key)
        .executeTakeFirst();
      return row ? { contentType: row.content_type, bytes: new Uint8Array(row.bytes) } : undefined;
    },
    async delete(key) {
      await db.deleteFrom('club_files').where('file_key', '=', key).execute();
    },
  };
}

/**
 * Files under a directory, one file a key. The type is not stored beside the bytes: it is read from them
 * again, which is what decided it on the way in.
 */
export function directoryFiles(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    // Keys are built by the service, never taken from a request; this guards against a future mistake.
    if (!path.startsWith(base + sep)) throw new Error(`file key ${key} escapes the file store`);
    return path;
  };
  return {
    async put(key, file) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Written aside and renamed, so a reader never sees half an image.
      await writeFile(`${path}.tmp`, file.bytes);
      await rename(`${path}.tmp`, path);
    },
    async get(key) {
      try {
        const bytes = new Uint8Array(await readFile(pathOf(key)));
        return { contentType: imageTypeOf(bytes) ?? 'application/octet-stream', bytes };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** The logo of a club: the seed's S3 key. */
export const logoKey = (clubUuid: string) => `logos/${clubUuid}`;
