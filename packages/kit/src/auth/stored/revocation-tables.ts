import type { ColumnType, Kysely } from 'kysely';
import type { Migrations } from '../../store/migrations.ts';

/** The embedded runtime's revoked tokens, in their own schema (`mosaic_gateway`) of the system's PGlite. */
export interface RevocationTables {
  /** One row per revoked `jti`, until the token would have expired anyway (epoch ms). */
  revoked_token: { token_id: string; until_ms: ColumnType<number | string, number, number> };
}

export type RevocationDb = Kysely<RevocationTables>;

// Portable types, though only PGlite uses these today: the same migrations would run on the server engines.
export const revocationMigrations: Migrations = {
  '001_revoked_tokens': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('revoked_token')
        // A `jti` is whatever the issuer chose; 200 characters covers UUIDs and the like with room to spare.
        .addColumn('token_id', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('until_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('revoked_token_until').on('revoked_token').column('until_ms').execute();
    },
  },
};
