import type { Kysely, Migration } from 'kysely';

/** The issuing service's keys, in its own database, so every replica and every restart signs with the same. */
export interface SigningKeyTables {
  signing_keys: {
    kid: string;
    private_jwk: string;
    public_jwk: string;
    created_at: string;
    /** Epoch seconds from which the key signs (later than creation for a rotated-in key). */
    active_from: number;
    /** Epoch seconds from which it no longer signs; null while it is the newest. */
    retired_at: number | null;
  };
}

/** The table, for the issuing service's own migrations (it owns the table; the kit only says its shape). */
export const signingKeysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('signing_keys')
      .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('active_from', 'bigint', (c) => c.notNull())
      .addColumn('retired_at', 'bigint')
      .execute();
  },
};
