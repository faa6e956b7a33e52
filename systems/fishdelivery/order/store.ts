import { autoId, countOf, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { NewOrder, Order, OrderStatus } from './domain.ts';

/** How far an order has come, in MyPage's words (views.ts builds MyPage from the events). */
export const MY_PAGE_STATUSES = ['placed', 'paid', 'prepared', 'delivering', 'delivered', 'canceled'] as const;
export type MyPageStatus = (typeof MY_PAGE_STATUSES)[number];

export interface OrderTables {
  orders: {
    order_id: Generated<number>;
    customer_name: string;
    fish_name: string;
    qty: number;
    telephone: string;
    address: string;
    status: OrderStatus;
    created_at: string;
    updated_at: string;
  };
  my_pages: {
    order_id: number;
    customer_name: string | null;
    fish_name: string | null;
    qty: number | null;
    telephone: string | null;
    address: string | null;
    status: MyPageStatus;
    cancel_reason: string | null;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders')
        .addColumn('order_id', 'integer', autoId(db))
        .addColumn('customer_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('fish_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('qty', 'integer', (c) => c.notNull())
        .addColumn('telephone', 'varchar(20)', (c) => c.notNull())
        .addColumn('address', 'varchar(300)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_status').on('orders').columns(['status', 'created_at']).execute();
    },
  },
  '002_my_pages': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('my_pages')
        .addColumn('order_id', 'integer', (c) => c.primaryKey())
        .addColumn('customer_name', 'varchar(100)')
        .addColumn('fish_name', 'varchar(100)')
        .addColumn('qty', 'integer')
        .addColumn('telephone', 'varchar(20)')
        .addColumn('address', 'varchar(300)')
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('cancel_reason', 'varchar(40)')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('my_pages_status').on('my_pages').column('status').execute();
    },
  },
};

function toOrder(row: {
  order_id: number;
  customer_name: string;
  fish_name: string;
  qty: number;
  telephone: string;
  address: string;
  status: OrderStatus;
  created_at: string;
  updated_at: string;
}): Order {
  return {
    orderId: row.order_id,
    customerName: row.customer_name,
    fishName: row.fish_name,
    qty: row.qty,
    telephone: row.telephone,
    address: row.address,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The Order repository over whichever handle it is given (a transaction or the plain store). */
export function orders(db: Kysely<OrderTables>) {
  return {
    async add(order: NewOrder, now: string): Promise<Order> {
      const values = {
        customer_name: order.customerName,
        fish_name: order.fishName,
        qty: order.qty,
        telephone: order.telephone,
        address: order.address,
        status: 'PENDING' as const,
        created_at: now,
        updated_at: now,
      };
      const orderId = await insertWithId(db, 'orders', values, 'order_id');
      return { ...order, orderId, status: 'PENDING', createdAt: now, updatedAt: now };
    },
    async find(orderId: number): Promise<Order | undefined> {
      const row = await db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toOrder(row) : undefined;
    },
    async save(order: Order, now: string): Promise<Order> {
      await db
        .updateTable('orders')
        .set({ status: order.status, updated_at: now })
        .where('order_id', '=', order.orderId)
        .execute();
      return { ...order, updatedAt: now };
    },
    async list(filter: { status?: OrderStatus } & PageRequest): Promise<Found<Order>> {
      let query = db.selectFrom('orders');
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.selectAll().orderBy('order_id').limit(filter.size).offset(offsetOf(filter)).execute();
      return { rows: rows.map(toOrder), total: await countOf(query) };
    },
  };
}
