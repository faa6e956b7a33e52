import type { Kysely, Selectable } from 'kysely';
import type { RealuseTables } from './store.ts';

export interface Realuse {
  id: number;
  bookingId: number;
  roomId: number;
  bookingUserId: string;
  useStartDtm: string;
  useEndDtm: string;
  realUseStartDtm: string;
  realUseEndDtm: string | null;
}

const toRealuse = (r: Selectable<RealuseTables['realuses']>): Realuse => ({
  id: Number(r.id),
  bookingId: Number(r.booking_id),
  roomId: Number(r.room_id),
  bookingUserId: r.booking_user_id,
  useStartDtm: r.use_start_dtm,
  useEndDtm: r.use_end_dtm,
  realUseStartDtm: r.real_use_start_dtm,
  realUseEndDtm: r.real_use_end_dtm,
});

export function realuses(db: Kysely<RealuseTables>) {
  return {
    async find(id: number, lock = false): Promise<Realuse | undefined> {
      const query = db.selectFrom('realuses').selectAll().where('id', '=', id);
      const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
      return row && toRealuse(row);
    },

    async ofBooking(bookingId: number): Promise<Realuse | undefined> {
      const row = await db.selectFrom('realuses').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
      return row && toRealuse(row);
    },

    async list(filter: {
      bookingUserId?: string | undefined;
      bookingId?: number | undefined;
      page: number;
      size: number;
    }) {
      let query = db.selectFrom('realuses').selectAll();
      if (filter.bookingUserId) query = query.where('booking_user_id', '=', filter.bookingUserId);
      if (filter.bookingId) query = query.where('booking_id', '=', filter.bookingId);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toRealuse);
    },

    async end(id: number, at: string): Promise<void> {
      await db.updateTable('realuses').set({ real_use_end_dtm: at }).where('id', '=', id).execute();
    },
  };
}
