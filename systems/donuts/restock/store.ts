import type { Migrations } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';

/**
 * The worker's ledger of factory orders, one row per restock: QUEUED (sales asked), ORDERED (the factory's
 * 201, with its job id), DEAD_LETTERED (the last receive failed; an operator redrives it). The factory has no
 * idempotency of its own (D-B7), so this row is what keeps a redelivered message from ordering twice.
 */
export interface RestockTables {
  factory_orders: {
    restock_id: string;
    sku: string;
    quantity: number;
    status: string;
    job_id: string | null;
    receives: number;
    last_error: string | null;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_factory_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('factory_orders')
        .addColumn('restock_id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('sku', 'varchar(200)', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('job_id', 'varchar(100)')
        .addColumn('receives', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'varchar(500)')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
