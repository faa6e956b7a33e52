import { autoId, countOf, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import {
  detailColumns,
  detailsOf,
  type OrderDetailColumns,
  withOrderDetailColumns,
} from '../contracts/order-details.ts';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { StoreOrder, StoreOrderStatus } from './domain.ts';

export interface StoreTables {
  store_orders: OrderDetailColumns & {
    fish_order_id: Generated<number>;
    status: StoreOrderStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_store_orders': {
    async up(db: Kysely<unknown>) {
      // One store order per order (order_id is unique): a repeated PayApproved never creates a second (a seed bug).
      await withOrderDetailColumns(
        db.schema.createTable('store_orders').addColumn('fish_order_id', 'integer', autoId(db)),
      )
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

const toStoreOrder = (row: Selectable<StoreTables['store_orders']>): StoreOrder => ({
  ...detailsOf(row),
  fishOrderId: row.fish_order_id,
  status: row.status,
});

export function storeOrders(db: Kysely<StoreTables>) {
  return {
    async add(details: OrderDetails, status: StoreOrderStatus, now: string): Promise<StoreOrder> {
      const values = { ...detailColumns(details), status, created_at: now, updated_at: now };
      const fishOrderId = await insertWithId(db, 'store_orders', values, 'fish_order_id');
      return { ...detailsOf(values), fishOrderId, status };
    },
    async find(fishOrderId: number) {
      const row = await db
        .selectFrom('store_orders')
        .selectAll()
        .where('fish_order_id', '=', fishOrderId)
        .executeTakeFirst();
      return row ? toStoreOrder(row) : undefined;
    },
    async findByOrder(orderId: number) {
      const row = await db.selectFrom('store_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toStoreOrder(row) : undefined;
    },
    async list(filter: { orderId?: number; status?: StoreOrderStatus } & PageRequest): Promise<Found<StoreOrder>> {
      let query = db.selectFrom('store_orders');
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query
        .selectAll()
        .orderBy('fish_order_id')
        .limit(filter.size)
        .offset(offsetOf(filter))
        .execute();
      return { rows: rows.map(toStoreOrder), total: await countOf(query) };
    },
    async setStatus(fishOrderId: number, status: StoreOrderStatus, now: string) {
      await db
        .updateTable('store_orders')
        .set({ status, updated_at: now })
        .where('fish_order_id', '=', fishOrderId)
        .execute();
    },
  };
}
