import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';
import type { BookingStatus, CancelCause } from '../contracts/events.ts';

/**
 * The room catalogue and the bookings. Rooms live here, with the bookings, because "no double booking" is
 * decided with a lock on the room's row in the same transaction as the overlap check (commands.ts): that
 * needs the room and its bookings in one database.
 */
export interface BookingTables {
  rooms: {
    /** The room's number, as on its door (the seed's 556677, 101, 1): chosen by the admin who adds it. */
    id: number;
    name: string;
    capacity: number;
    created_at: string;
  };
  bookings: {
    id: Generated<number>;
    room_id: number;
    booking_user_id: string;
    /** Stored instants (UTC, fixed width: `contracts/times.ts`), so overlap is a comparison of text. */
    use_start_dtm: string;
    use_end_dtm: string;
    status: BookingStatus;
    cancel_cause: CancelCause | null;
    cancelled_by: string | null;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_rooms_and_bookings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rooms')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bookings')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('room_id', 'integer', (c) => c.notNull())
        .addColumn('booking_user_id', 'varchar(5)', (c) => c.notNull())
        .addColumn('use_start_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('use_end_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('cancel_cause', 'varchar(16)')
        .addColumn('cancelled_by', 'varchar(5)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bookings_room_start').on('bookings').columns(['room_id', 'use_start_dtm']).execute();
      // The no-show sweep's question: which CONFIRMED bookings started before a moment.
      await db.schema
        .createIndex('bookings_status_start')
        .on('bookings')
        .columns(['status', 'use_start_dtm'])
        .execute();
      await db.schema.createIndex('bookings_user').on('bookings').columns(['booking_user_id', 'id']).execute();
    },
  },
};
