import { type Kysely, type Migration, Migrator } from 'kysely';
import type { ServiceDatabase } from './database.ts';

export type Migrations = Readonly<Record<string, Migration>>;

/**
 * Runs migrations in name order (`001_orders`, `002_…`) and records them in the service's own schema.
 * `table` lets the kit keep its own history apart from the service's.
 */
export async function migrate(database: ServiceDatabase, migrations: Migrations, table = 'mosaic_migration') {
  const migrator = new Migrator({
    db: database.db as Kysely<unknown>,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
