import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';

export type Dialect = 'postgres' | 'mysql';

/**
 * One service's own database: on PGlite a schema of the system's database, on a server engine a database
 * of its own (distributed runtime). The Kysely instance is already scoped, so services never name it.
 */
export interface ServiceDatabase {
  readonly dialect: Dialect;
  readonly db: Kysely<any>;
  /** The schema the service's tables live in, when the engine scopes by schema. */
  readonly schema?: string;
}

/** An engine connection that hands out service databases. */
export interface DatabaseEngine {
  readonly dialect: Dialect;
  forService(service: string): Promise<ServiceDatabase>;
  close(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WASM) in this process. `dataDir` keeps it on disk; without one it lives in
 * memory (tests). PGlite has one connection, so the dialect serialises them: never hold a transaction open
 * across an HTTP call, or another service sharing this database waits for it.
 */
export async function openPGlite(dataDir?: string): Promise<DatabaseEngine> {
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const root = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
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
