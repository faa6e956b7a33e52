import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';
import type { ConfirmStatus } from './domain.ts';

/** The admins' confirm requests, one per booking. */
export interface ConfirmTables {
  confirms: {
    id: Generated<number>;
    booking_id: number;
    /** The booker (the seed's `userId`). */
    user_id: string;
    status: ConfirmStatus;
    /** The admin who approved or denied it. */
    confirm_user_id: string | null;
    confirm_dtm: string | null;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_confirms': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('confirms')
        .addColumn('id', 'integer', autoId(db))
        // Unique: a BookingCreated delivered twice still makes one request.
        .addColumn('booking_id', 'integer', (c) => c.notNull().unique())
        .addColumn('user_id', 'varchar(5)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('confirm_user_id', 'varchar(5)')
        .addColumn('confirm_dtm', 'varchar(32)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('confirms_status').on('confirms').columns(['status', 'id']).execute();
    },
  },
};
