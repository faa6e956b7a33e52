import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DatabaseEngine } from '../database.ts';
import { initialDataDir } from './initial-data.ts';

/**
 * Postgres's default 128 MB of shared buffers is touched as it fills, and `npm start` runs one PGlite per
 * system: five systems held 1.1 GB after a warm start with the default, 0.46 GB with 16 MB. A system's data is
 * a few MB, so the buffers still hold all of it (bench/README.md "Footprint").
 */
const MEMORY_SETTINGS = ['shared_buffers=16MB'];

/**
 * PGlite (Postgres compiled to WASM) in this process. `dataDir` keeps it on disk; without one it lives in
 * memory (tests). PGlite has one connection, so the dialect serialises them: never hold a transaction open
 * across an HTTP call, or another service sharing this database waits for it.
 */
export async function openPGlite(dataDir?: string): Promise<DatabaseEngine> {
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(fresh ? { loadDataDir: await initialDataDir(MEMORY_SETTINGS) } : {}),
    postgresqlconf: MEMORY_SETTINGS,
  });
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
