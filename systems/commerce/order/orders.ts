import { countOf, insertWithId } from '@mosaic/kit/store';
import type { Kysely, Selectable } from 'kysely';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { DeliveryAddress, LineStatus, Order, OrderLine } from './domain.ts';
import type { OrderTables } from './store.ts';

type LineRow = Selectable<OrderTables['order_products']>;
type OrderRow = Selectable<OrderTables['orders']>;

export type NewLine = Pick<OrderLine, 'productId' | 'sellerId' | 'productName' | 'price' | 'quantity'>;

const toLine = (row: LineRow): OrderLine => ({
  orderProductId: row.order_product_id,
  orderId: row.order_id,
  productId: row.product_id,
  sellerId: row.seller_id,
  productName: row.product_name,
  price: row.price,
  quantity: row.quantity,
  status: row.status,
  rejectReason: row.reject_reason ?? undefined,
  // MySQL keeps a boolean as 0 or 1.
  stockReturned: Boolean(row.stock_returned),
  reviewId: row.review_id ?? undefined,
});

const toOrder = (row: OrderRow, lines: OrderLine[]): Order => ({
  orderId: row.order_id,
  userId: row.user_id,
  status: row.status,
  rejectReason: row.reject_reason ?? undefined,
  rejectedProductId: row.rejected_product_id ?? undefined,
  lines,
  address: row.delivery_address ? (JSON.parse(row.delivery_address) as DeliveryAddress) : undefined,
  createdAt: row.created_at,
});

/** The order repository over whichever handle it is given (a transaction or the plain store). */
export function orders(db: Kysely<OrderTables>) {
  async function withLines(rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.order_id);
    const lines = await db
      .selectFrom('order_products')
      .selectAll()
      .where('order_id', 'in', ids)
      .orderBy('order_product_id')
      .execute();
    return rows.map((r) => toOrder(r, lines.filter((l) => l.order_id === r.order_id).map(toLine)));
  }

  return {
    async add(
      userId: number,
      address: DeliveryAddress,
      lines: readonly NewLine[],
      key: string | undefined,
      now: string,
    ): Promise<Order> {
      const values = {
        user_id: userId,
        delivery_address: JSON.stringify(address),
        status: 'ORDER' as const,
        idempotency_key: key ?? null,
        created_at: now,
        updated_at: now,
      };
      const orderId = await insertWithId(db, 'orders', values, 'order_id');
      const saved: OrderLine[] = [];
      for (const line of lines) {
        const row = {
          order_id: orderId,
          product_id: line.productId,
          seller_id: line.sellerId,
          product_name: line.productName,
          price: line.price,
          quantity: line.quantity,
          status: 'ORDER' as const,
          reject_reason: null,
          stock_returned: false,
          review_id: null,
          updated_at: now,
        };
        saved.push(
          toLine({ ...row, order_product_id: await insertWithId(db, 'order_products', row, 'order_product_id') }),
        );
      }
      return toOrder({ ...values, order_id: orderId, reject_reason: null, rejected_product_id: null }, saved);
    },
    async find(orderId: number): Promise<Order | undefined> {
      const row = await db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? (await withLines([row]))[0] : undefined;
    },
    async findByKey(userId: number, key: string): Promise<Order | undefined> {
      const row = await db
        .selectFrom('orders')
        .selectAll()
        .where('user_id', '=', userId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      return row ? (await withLines([row]))[0] : undefined;
    },
    async findLine(orderProductId: number): Promise<OrderLine | undefined> {
      const row = await db
        .selectFrom('order_products')
        .selectAll()
        .where('order_product_id', '=', orderProductId)
        .executeTakeFirst();
      return row ? toLine(row) : undefined;
    },
    /** Saves an order's status and every line's. */
    async save(order: Order, now: string): Promise<void> {
      await db
        .updateTable('orders')
        .set({
          status: order.status,
          reject_reason: order.rejectReason ?? null,
          rejected_product_id: order.rejectedProductId ?? null,
          updated_at: now,
        })
        .where('order_id', '=', order.orderId)
        .execute();
      for (const line of order.lines) await this.saveLine(line, now);
    },
    async saveLine(line: OrderLine, now: string): Promise<void> {
      await db
        .updateTable('order_products')
        .set({
          status: line.status,
          reject_reason: line.rejectReason ?? null,
          stock_returned: line.stockReturned,
          review_id: line.reviewId ?? null,
          updated_at: now,
        })
        .where('order_product_id', '=', line.orderProductId)
        .execute();
    },
    async list(filter: { userId?: number } & PageRequest): Promise<Found<Order>> {
      let query = db.selectFrom('orders');
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      const rows = await query
        .selectAll()
        .orderBy('order_id', 'desc')
        .limit(filter.size)
        .offset(offsetOf(filter))
        .execute();
      return { rows: await withLines(rows), total: await countOf(query) };
    },
    async listLines(filter: { sellerId?: number; status?: LineStatus } & PageRequest): Promise<Found<OrderLine>> {
      let query = db.selectFrom('order_products');
      if (filter.sellerId !== undefined) query = query.where('seller_id', '=', filter.sellerId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query
        .selectAll()
        .orderBy('order_product_id', 'desc')
        .limit(filter.size)
        .offset(offsetOf(filter))
        .execute();
      return { rows: rows.map(toLine), total: await countOf(query) };
    },
  };
}
