import type { Generated, Kysely } from 'kysely';
import { autoId } from './columns.ts';
import type { Migrations } from './migrations.ts';

/** The tables the kit keeps in every service's database, beside the service's own. */
export interface KitTables {
  /** Events written in the same transaction as the state change, waiting for the relay. */
  mosaic_outbox: { seq: Generated<number>; id: string; envelope: string; created_at: string };
  /** Ids of events a consumer group has handled, written in the handler's transaction. */
  mosaic_inbox: { group_name: string; event_id: string; handled_at: string };
}

// Portable types only: the same migrations run on PGlite, PostgreSQL and MySQL/MariaDB.
export const kitMigrations: Migrations = {
  '001_outbox': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('mosaic_outbox')
        .addColumn('seq', 'integer', autoId(db))
        .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '002_inbox': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('mosaic_inbox')
        .addColumn('group_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('handled_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('mosaic_inbox_pk', ['group_name', 'event_id'])
        .execute();
    },
  },
};
