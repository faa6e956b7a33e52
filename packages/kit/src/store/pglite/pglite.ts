import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DatabaseEngine } from '../database.ts';
import { initialDataDir } from './initial-data.ts';

/**
 * Postgres's default 128 MB of shared buffers is touched as it fills, and `npm start` runs one PGlite per
 * system: five systems held 1.2 GB after a warm start with the default, 0.65 GB with 16 MB and 0.6 GB with
 * 8 MB (bench/README.md "Footprint"). A system's data is a few MB; what the buffers do not hold is a read
 * from the operating system's cache.
 */
export const PGLITE_SETTINGS = ['shared_buffers=8MB'];

/**
 * PGlite (Postgres compiled to WASM) in this process. `dataDir` keeps it on disk; without one it lives in
 * memory (tests). PGlite has one connection, so the dialect serialises them: never hold a transaction open
 * across an HTTP call, or another service sharing this database waits for it.
 */
export async function openPGlite(dataDir?: string): Promise<DatabaseEngine> {
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(fresh ? { loadDataDir: await initialDataDir(PGLITE_SETTINGS) } : {}),
    postgresqlconf: PGLITE_SETTINGS,
  });
  await pglite.waitReady;
  const root = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  return {
    dialect: 'postgres',
    async forService(service) {
      await sql`create schema if not exists ${sql.id(service)}`.execute(root);
      return { dialect: 'postgres', db: root.withSchema(service), schema: service, engine: pglite };
    },
    async close() {
      await root.destroy();
    },
  };
}
