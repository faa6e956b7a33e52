import type { Kysely, Selectable } from 'kysely';
import type { BookingStatus } from '../contracts/events.ts';
import { type Booking, HOLDING } from './domain.ts';
import type { BookingTables } from './store.ts';

type Row = Selectable<BookingTables['bookings']>;

const toBooking = (r: Row): Booking => ({
  id: Number(r.id),
  roomId: Number(r.room_id),
  bookingUserId: r.booking_user_id,
  useStartDtm: r.use_start_dtm,
  useEndDtm: r.use_end_dtm,
  status: r.status,
  cancelCause: r.cancel_cause,
  cancelledBy: r.cancelled_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface BookingFilter {
  status?: BookingStatus | undefined;
  roomId?: number | undefined;
  bookingUserId?: string | undefined;
  page: number;
  size: number;
}

/** The bookings table as the use cases speak of it. */
export function bookings(db: Kysely<BookingTables>) {
  return {
    async find(id: number, lock = false): Promise<Booking | undefined> {
      const query = db.selectFrom('bookings').selectAll().where('id', '=', id);
      const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
      return row && toBooking(row);
    },

    /**
     * The first booking of the room that holds part of [start, end), other than `except`. A locking read: on
     * MySQL/MariaDB a plain read inside REPEATABLE READ may answer from the transaction's snapshot, which could
     * predate a booking committed while this one waited for the room's lock; a locking read sees the latest.
     */
    async clash(roomId: number, start: string, end: string, except?: number): Promise<Booking | undefined> {
      let query = db
        .selectFrom('bookings')
        .selectAll()
        .where('room_id', '=', roomId)
        .where('status', 'in', HOLDING)
        .where('use_start_dtm', '<', end)
        .where('use_end_dtm', '>', start);
      if (except !== undefined) query = query.where('id', '!=', except);
      const row = await query.orderBy('use_start_dtm').limit(1).forUpdate().executeTakeFirst();
      return row && toBooking(row);
    },

    async list(filter: BookingFilter): Promise<Booking[]> {
      let query = db.selectFrom('bookings').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.roomId) query = query.where('room_id', '=', filter.roomId);
      if (filter.bookingUserId) query = query.where('booking_user_id', '=', filter.bookingUserId);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toBooking);
    },

    async save(b: Booking): Promise<void> {
      await db
        .updateTable('bookings')
        .set({
          use_start_dtm: b.useStartDtm,
          use_end_dtm: b.useEndDtm,
          status: b.status,
          cancel_cause: b.cancelCause,
          cancelled_by: b.cancelledBy,
          updated_at: b.updatedAt,
        })
        .where('id', '=', b.id)
        .execute();
    },
  };
}
