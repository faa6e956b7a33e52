import type { Kysely } from 'kysely';
import type { Migrations } from '../../store/migrations.ts';

/**
 * The embedded queues' tables, in their own schema (`mosaic_queues`) of the system's PGlite. A message is one row
 * from send to acknowledgement; its lease is `leased_by` (a token per receive) until `visible_at`. Timestamps are
 * ISO strings, like the kit's other tables (they sort as they compare).
 */
export interface QueueTables {
  queue_spec: { name: string; visibility_timeout_ms: number; max_receives: number };
  queue_message: {
    id: string;
    queue: string;
    body: string;
    traceparent: string | null;
    sent_at: string;
    /** `ready` (waiting or leased) or `dead` (in the queue's dead letters). */
    state: 'ready' | 'dead';
    receives: number;
    visible_at: string;
    leased_by: string | null;
    last_error: string | null;
    failed_at: string | null;
  };
  /** Dedupe keys (or message ids) sent in the last DEDUPE_WINDOW_MS, so a repeated send enqueues once. */
  queue_sent: { queue: string; dedupe_key: string; sent_at: string };
}

export type QueueDb = Kysely<QueueTables>;

export const queueMigrations: Migrations = {
  '001_queues': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('queue_spec')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('visibility_timeout_ms', 'integer', (c) => c.notNull())
        .addColumn('max_receives', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('queue_message')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('traceparent', 'text')
        .addColumn('sent_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'varchar(8)', (c) => c.notNull())
        .addColumn('receives', 'integer', (c) => c.notNull())
        .addColumn('visible_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('leased_by', 'varchar(36)')
        .addColumn('last_error', 'text')
        .addColumn('failed_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('queue_message_waiting')
        .on('queue_message')
        .columns(['queue', 'state', 'visible_at'])
        .execute();
      await db.schema
        .createTable('queue_sent')
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('sent_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('queue_sent_pk', ['queue', 'dedupe_key'])
        .execute();
    },
  },
};
