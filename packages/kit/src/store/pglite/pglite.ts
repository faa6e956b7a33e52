import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DatabaseEngine } from '../database.ts';

/**
 * PGlite (Postgres compiled to WASM) in this process. `dataDir` keeps it on disk; without one it lives in
 * memory (tests). PGlite has one connection, so the dialect serialises them: never hold a transaction open
 * across an HTTP call, or another service sharing this database waits for it.
 */
export async function openPGlite(dataDir?: string): Promise<DatabaseEngine> {
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const root = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  return {
    dialect: 'postgres',
    async forService(service) {
      await sql`create schema if not exists ${sql.id(service)}`.execute(root);
      return { dialect: 'postgres', db: root.withSchema(service), schema: service };
    },
    async close() {
      await root.destroy();
    },
  };
}
