import { autoId, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import type { StoreOrder, StoreOrderStatus } from './domain.ts';

export interface StoreTables {
  store_orders: {
    fish_order_id: Generated<number>;
    order_id: number;
    customer_name: string;
    fish_name: string;
    qty: number;
    telephone: string;
    address: string;
    status: StoreOrderStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_store_orders': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('store_orders')
        .addColumn('fish_order_id', 'integer', autoId(db))
        // One store order per order: a repeated PayApproved can never create a second (a seed bug).
        .addColumn('order_id', 'integer', (c) => c.notNull().unique())
        .addColumn('customer_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('fish_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('qty', 'integer', (c) => c.notNull())
        .addColumn('telephone', 'varchar(20)', (c) => c.notNull())
        .addColumn('address', 'varchar(300)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

const toStoreOrder = (row: Selectable<StoreTables['store_orders']>): StoreOrder => ({
  fishOrderId: row.fish_order_id,
  orderId: row.order_id,
  customerName: row.customer_name,
  fishName: row.fish_name,
  qty: row.qty,
  telephone: row.telephone,
  address: row.address,
  status: row.status,
});

export function storeOrders(db: Kysely<StoreTables>) {
  return {
    async add(details: OrderDetails, status: StoreOrderStatus, now: string): Promise<StoreOrder> {
      const { orderId, customerName, fishName, qty, telephone, address } = details;
      const fishOrderId = await insertWithId(
        db,
        'store_orders',
        {
          order_id: orderId,
          customer_name: customerName,
          fish_name: fishName,
          qty,
          telephone,
          address,
          status,
          created_at: now,
          updated_at: now,
        },
        'fish_order_id',
      );
      return { orderId, customerName, fishName, qty, telephone, address, fishOrderId, status };
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
    async list(filter: { orderId?: number; status?: StoreOrderStatus; page: number; size: number }) {
      let query = db.selectFrom('store_orders').selectAll();
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query
        .orderBy('fish_order_id')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toStoreOrder);
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
