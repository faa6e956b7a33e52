import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

/**
 * The outbox of messages to people (the seed's SES): the e-mail asking the factory manager for donuts, and the
 * operator's alert when a restock reached the dead letters. One per event: the event id is unique.
 */
export interface NotificationTables {
  notifications: {
    id: Generated<number>;
    /** `factory-email` or `operator-alert`. */
    kind: string;
    recipient: string;
    subject: string;
    body: string;
    restock_id: string;
    event_id: string;
    created_at: string;
  };
}

export const migrations: Migrations = {
  '001_notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('recipient', 'varchar(200)', (c) => c.notNull())
        .addColumn('subject', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'varchar(1000)', (c) => c.notNull())
        .addColumn('restock_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
