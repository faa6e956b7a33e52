import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

/** The two read models, one row per booking each, built only from events (CQRS; rebuildable). */
export interface ListTables {
  booking_lists: {
    id: Generated<number>;
    booking_id: number;
    booking_user_id: string | null;
    room_id: number | null;
    use_start_dtm: string | null;
    use_end_dtm: string | null;
    slot_event_id: string | null;
    booking_dtm: string | null;
    booking_status: string | null;
    confirm_id: number | null;
    confirm_status: string | null;
    confirm_user_id: string | null;
    confirm_dtm: string | null;
  };
  room_use_lists: {
    id: Generated<number>;
    booking_id: number;
    room_id: number | null;
    booking_user_id: string | null;
    booked_use_start_dtm: string | null;
    booked_use_end_dtm: string | null;
    slot_event_id: string | null;
    realuse_id: number | null;
    real_use_start_dtm: string | null;
    real_use_end_dtm: string | null;
  };
}

export const migrations: Migrations = {
  '001_lists': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('booking_lists')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('booking_id', 'integer', (c) => c.notNull().unique())
        .addColumn('booking_user_id', 'varchar(5)')
        .addColumn('room_id', 'integer')
        .addColumn('use_start_dtm', 'varchar(32)')
        .addColumn('use_end_dtm', 'varchar(32)')
        .addColumn('slot_event_id', 'varchar(64)')
        .addColumn('booking_dtm', 'varchar(32)')
        .addColumn('booking_status', 'varchar(16)')
        .addColumn('confirm_id', 'integer')
        .addColumn('confirm_status', 'varchar(16)')
        .addColumn('confirm_user_id', 'varchar(5)')
        .addColumn('confirm_dtm', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('booking_lists_user')
        .on('booking_lists')
        .columns(['booking_user_id', 'booking_id'])
        .execute();
      await db.schema
        .createTable('room_use_lists')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('booking_id', 'integer', (c) => c.notNull().unique())
        .addColumn('room_id', 'integer')
        .addColumn('booking_user_id', 'varchar(5)')
        .addColumn('booked_use_start_dtm', 'varchar(32)')
        .addColumn('booked_use_end_dtm', 'varchar(32)')
        .addColumn('slot_event_id', 'varchar(64)')
        .addColumn('realuse_id', 'integer')
        .addColumn('real_use_start_dtm', 'varchar(32)')
        .addColumn('real_use_end_dtm', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('room_use_lists_user')
        .on('room_use_lists')
        .columns(['booking_user_id', 'booking_id'])
        .execute();
    },
  },
};
