import type { Kysely } from 'kysely';
import type { AuthTables } from './tables.ts';

export function files(db: Kysely<AuthTables>) {
  return {
    async put(key: string, contentType: string, data: Buffer, now: string) {
      await db.deleteFrom('files').where('key', '=', key).execute();
      await db.insertInto('files').values({ key, content_type: contentType, data, created_at: now }).execute();
    },
    async get(key: string) {
      const row = await db.selectFrom('files').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? { contentType: row.content_type, data: Buffer.from(row.data) } : undefined;
    },
  };
}
