import type { Generated, Kysely } from 'kysely';
import type { Migrations } from '../../store/migrations.ts';

/**
 * The embedded bus's own tables, in its own schema (e.g. `mosaic_bus`) of the system's PGlite.
 * Timestamps are ISO strings, like the kit's other tables.
 */
export interface BusTables {
  /** The log: append-only, `seq` is the publish order. */
  bus_event: {
    seq: Generated<number>;
    id: string;
    type: string;
    subject: string;
    envelope: string;
    published_at: string;
  };
  /** One row per consumer group: every event with `seq <= position` is finished (handled or dead-lettered). */
  bus_group: { name: string; position: number; created_at: string };
  /** Events a group gave up on; one entry per (group, event), kept after a successful replay. */
  bus_dead_letter: {
    id: string;
    group_name: string;
    event_id: string;
    envelope: string;
    error: string;
    stack: string | null;
    attempts: number;
    failed_at: string;
    /** Set by `replay()` and cleared when the replay finished: a request that survives a restart. */
    replay_requested_at: string | null;
    replayed_at: string | null;
  };
}

export type BusDb = Kysely<BusTables>;

// The embedded bus only ever runs on PGlite, so Postgres types are fine here (bigint seq, identity).
export const busMigrations: Migrations = {
  '001_event_log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bus_event')
        .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
        .addColumn('type', 'varchar(200)', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '002_groups': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bus_group')
        .addColumn('name', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('position', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '003_dead_letters': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bus_dead_letter')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('group_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('stack', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('failed_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('replay_requested_at', 'varchar(32)')
        .addColumn('replayed_at', 'varchar(32)')
        .addUniqueConstraint('bus_dead_letter_group_event', ['group_name', 'event_id'])
        .execute();
    },
  },
};
