import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

/**
 * The outbox of notices to members (the seed's Notification_table, its "e-mail"). One row per event that
 * changed a booking or its approval, to the member it concerns (the seed sent use-start notices to "99999").
 */
export interface NotificationTables {
  notifications: {
    id: Generated<number>;
    user_id: string;
    contents: string;
    send_dtm: string;
    booking_id: number;
    /** The event that caused it: unique, so an event handled twice still makes one notice. */
    event_id: string;
    event_type: string;
  };
}

export const migrations: Migrations = {
  '001_notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('user_id', 'varchar(5)', (c) => c.notNull())
        .addColumn('contents', 'varchar(300)', (c) => c.notNull())
        .addColumn('send_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('booking_id', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
    },
  },
};
