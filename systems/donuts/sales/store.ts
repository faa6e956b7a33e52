import type { Migrations } from '@mosaic/kit/store';
import { type Kysely, sql } from 'kysely';

/**
 * The warehouse (spec §3 [proposal]): products with their stock and reorder point, the restock requests sales
 * made (one per shortage episode) and the sales themselves. The stock can never go below zero: the decrement is
 * a conditional UPDATE and the CHECK refuses anything that slips past it.
 */
export interface SalesTables {
  products: {
    sku: string;
    name: string;
    price: number;
    stock: number;
    /** At or below it after a purchase, one restock is asked (KBDS: 10; codestates: 0). */
    reorder_point: number;
    /** How many donuts one restock asks of the factory (the seed's 10). */
    restock_quantity: number;
    /** Set with the restock request in one transaction, cleared by its arrival: one restock per shortage. */
    restock_pending: boolean;
    factory_manager_email: string;
  };
  restock_requests: {
    id: string;
    sku: string;
    quantity: number;
    /**
     * REQUESTED (queued) → IN_PRODUCTION (the factory accepted) → RECEIVED (called back, stock added once);
     * OVERDUE when no callback came by the saga's deadline (a late one still moves it to RECEIVED).
     */
    status: string;
    /** sha256 of the one-time token in the factory's callback URL: the callback must show the token itself. */
    token_hash: string;
    factory_job_id: string | null;
    requested_at: string;
    received_at: string | null;
  };
  sales: {
    order_no: string;
    sku: string;
    quantity: number;
    /** A retried purchase with the same key gets the first answer and buys nothing more. */
    idempotency_key: string | null;
    stock_after: number;
    sold_at: string;
  };
}

export const migrations: Migrations = {
  '001_warehouse': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('products')
        .addColumn('sku', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('price', 'integer', (c) => c.notNull())
        .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
        .addColumn('reorder_point', 'integer', (c) => c.notNull())
        .addColumn('restock_quantity', 'integer', (c) => c.notNull())
        .addColumn('restock_pending', 'boolean', (c) => c.notNull())
        .addColumn('factory_manager_email', 'varchar(200)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('restock_requests')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('sku', 'varchar(200)', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('factory_job_id', 'varchar(100)')
        .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('received_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('restock_requests_sku').on('restock_requests').columns(['sku']).execute();
      await db.schema
        .createTable('sales')
        .addColumn('order_no', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('sku', 'varchar(200)', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('idempotency_key', 'varchar(100)', (c) => c.unique())
        .addColumn('stock_after', 'integer', (c) => c.notNull())
        .addColumn('sold_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
