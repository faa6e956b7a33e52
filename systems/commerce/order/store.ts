import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';
import type { ProductStatus } from '../contracts/events.ts';
import type { LineStatus, OrderStatus, RejectReason } from './domain.ts';

export interface OrderTables {
  orders: {
    order_id: Generated<number>;
    user_id: number;
    status: OrderStatus;
    reject_reason: RejectReason | null;
    rejected_product_id: number | null;
    /** The client's Idempotency-Key: one order per user and key. */
    idempotency_key: string | null;
    /** The delivery address as JSON, copied from user when the order was placed. */
    delivery_address: string | null;
    created_at: string;
    updated_at: string;
  };
  order_products: {
    order_product_id: Generated<number>;
    order_id: number;
    product_id: number;
    seller_id: number;
    product_name: string;
    price: number;
    quantity: number;
    status: LineStatus;
    reject_reason: RejectReason | null;
    stock_returned: boolean;
    /** The buyer's review of this line, once written (ReviewWritten). */
    review_id: number | null;
    updated_at: string;
  };
  /**
   * What each user is told on their event stream (GET …/orders/events): one row per settled order, written
   * with the settlement, so a stream that reconnects with Last-Event-ID misses nothing.
   */
  order_notices: {
    notice_id: Generated<number>;
    user_id: number;
    order_id: number;
    status: OrderStatus;
    reject_reason: RejectReason | null;
    rejected_product_id: number | null;
    at: string;
  };
  /** Order's copy of every user's delivery addresses, fed by AddressChanged: no call to user at order time. */
  addresses: {
    address_id: number;
    user_id: number;
    /** The address's fields as JSON (DeliveryAddress without its id). */
    address: string;
  };
  /** Order's own copy of each product (spec §8 [proposal]), fed by ProductChanged: no call at order time. */
  products: {
    product_id: number;
    seller_id: number;
    name: string;
    price: number;
    status: ProductStatus;
    version: number;
  };
}

export const migrations: Migrations = {
  '001_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders')
        .addColumn('order_id', 'integer', autoId(db))
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('reject_reason', 'varchar(20)')
        .addColumn('rejected_product_id', 'integer')
        .addColumn('idempotency_key', 'varchar(100)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // Unique: two requests with one key cannot both order (keys left out are NULL, which never collide).
      await db.schema
        .createIndex('orders_idempotency')
        .on('orders')
        .columns(['user_id', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema
        .createTable('order_products')
        .addColumn('order_product_id', 'integer', autoId(db))
        .addColumn('order_id', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'integer', (c) => c.notNull())
        .addColumn('seller_id', 'integer', (c) => c.notNull())
        .addColumn('product_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('price', 'integer', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('reject_reason', 'varchar(20)')
        .addColumn('stock_returned', 'boolean', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_products_order').on('order_products').column('order_id').execute();
      await db.schema
        .createIndex('order_products_seller')
        .on('order_products')
        .columns(['seller_id', 'order_product_id'])
        .execute();
      await db.schema
        .createTable('products')
        .addColumn('product_id', 'integer', (c) => c.primaryKey())
        .addColumn('seller_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('price', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '002_address_and_review': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('orders').addColumn('delivery_address', 'text').execute();
      await db.schema.alterTable('order_products').addColumn('review_id', 'integer').execute();
      await db.schema
        .createTable('order_notices')
        .addColumn('notice_id', 'integer', autoId(db))
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('order_id', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('reject_reason', 'varchar(20)')
        .addColumn('rejected_product_id', 'integer')
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_notices_user').on('order_notices').columns(['user_id', 'notice_id']).execute();
    },
  },
  '003_addresses': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('addresses')
        .addColumn('address_id', 'integer', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
