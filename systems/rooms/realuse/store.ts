import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

/** Real uses: when a booking's booker checked in and out, beside the booked slot. */
export interface RealuseTables {
  realuses: {
    id: Generated<number>;
    booking_id: number;
    room_id: number;
    booking_user_id: string;
    use_start_dtm: string;
    use_end_dtm: string;
    real_use_start_dtm: string;
    real_use_end_dtm: string | null;
  };
}

export const migrations: Migrations = {
  '001_realuses': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('realuses')
        .addColumn('id', 'integer', autoId(db))
        // Unique: one use per booking, so a check-in repeated after a failure finds the first.
        .addColumn('booking_id', 'integer', (c) => c.notNull().unique())
        .addColumn('room_id', 'integer', (c) => c.notNull())
        .addColumn('booking_user_id', 'varchar(5)', (c) => c.notNull())
        .addColumn('use_start_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('use_end_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('real_use_start_dtm', 'varchar(32)', (c) => c.notNull())
        .addColumn('real_use_end_dtm', 'varchar(32)')
        .execute();
      await db.schema.createIndex('realuses_user').on('realuses').columns(['booking_user_id', 'id']).execute();
    },
  },
};
