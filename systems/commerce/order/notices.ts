import type { Kysely, Selectable } from 'kysely';
import type { Order } from './domain.ts';
import type { OrderTables } from './store.ts';

export type Notice = Selectable<OrderTables['order_notices']>;

/** How many notices one read returns: a stream that was away long gets the rest on the next read. */
export const READ_LIMIT = 200;

/** The notices table: one row per settled order, read back in id order. */
export function orderNotices(db: Kysely<OrderTables>) {
  return {
    async add(order: Order, at: string): Promise<void> {
      await db
        .insertInto('order_notices')
        .values({
          user_id: order.userId,
          order_id: order.orderId,
          status: order.status,
          reject_reason: order.rejectReason ?? null,
          rejected_product_id: order.rejectedProductId ?? null,
          at,
        })
        .execute();
    },
    /** Every notice after `afterId` (up to `upTo`), optionally of one user. */
    after(afterId: number, options: { userId?: number; upTo?: number } = {}): Promise<Notice[]> {
      let query = db.selectFrom('order_notices').selectAll().where('notice_id', '>', afterId);
      if (options.userId !== undefined) query = query.where('user_id', '=', options.userId);
      if (options.upTo !== undefined) query = query.where('notice_id', '<=', options.upTo);
      return query.orderBy('notice_id').limit(READ_LIMIT).execute();
    },
    async lastId(): Promise<number> {
      const row = await db
        .selectFrom('order_notices')
        .select((eb) => eb.fn.max('notice_id').as('last'))
        .executeTakeFirst();
      return Number(row?.last ?? 0);
    },
  };
}

/** A notice as the stream sends it (`event: order`, `id:` the notice id). */
export const noticeView = (n: Notice) => ({
  order_id: n.order_id,
  user_id: n.user_id,
  status: n.status,
  reject_reason: n.reject_reason,
  rejected_product_id: n.rejected_product_id,
  at: n.at,
});
