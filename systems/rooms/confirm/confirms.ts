import type { Kysely, Selectable } from 'kysely';
import type { Confirm, ConfirmStatus } from './domain.ts';
import type { ConfirmTables } from './store.ts';

const toConfirm = (r: Selectable<ConfirmTables['confirms']>): Confirm => ({
  id: Number(r.id),
  bookingId: Number(r.booking_id),
  userId: r.user_id,
  status: r.status,
  confirmUserId: r.confirm_user_id,
  confirmDtm: r.confirm_dtm,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ConfirmFilter {
  status?: ConfirmStatus | undefined;
  bookingId?: number | undefined;
  userId?: string | undefined;
  page: number;
  size: number;
}

export function confirms(db: Kysely<ConfirmTables>) {
  return {
    async find(id: number, lock = false): Promise<Confirm | undefined> {
      const query = db.selectFrom('confirms').selectAll().where('id', '=', id);
      const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
      return row && toConfirm(row);
    },

    async ofBooking(bookingId: number): Promise<Confirm | undefined> {
      const row = await db
        .selectFrom('confirms')
        .selectAll()
        .where('booking_id', '=', bookingId)
        .forUpdate()
        .executeTakeFirst();
      return row && toConfirm(row);
    },

    /** Oldest first: the admins' queue is worked in the order the requests came. */
    async list(filter: ConfirmFilter): Promise<Confirm[]> {
      let query = db.selectFrom('confirms').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.bookingId) query = query.where('booking_id', '=', filter.bookingId);
      if (filter.userId) query = query.where('user_id', '=', filter.userId);
      const rows = await query
        .orderBy('id')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toConfirm);
    },

    async save(c: Confirm): Promise<void> {
      await db
        .updateTable('confirms')
        .set({ status: c.status, confirm_user_id: c.confirmUserId, confirm_dtm: c.confirmDtm, updated_at: c.updatedAt })
        .where('id', '=', c.id)
        .execute();
    },
  };
}
