import { autoId, type Migrations } from '@mosaic/kit/store';
import { type Generated, type Kysely, sql } from 'kysely';
import type { ProductStatus } from '../contracts/events.ts';
import type { StatusCause } from './domain.ts';

export interface ProductTables {
  categories: { category_id: Generated<number>; name: string };
  brands: { brand_id: Generated<number>; name: string };
  items: { item_id: Generated<number>; category_id: number; brand_id: number; name: string };
  products: {
    product_id: Generated<number>;
    item_id: number;
    seller_id: number;
    name: string;
    price: number;
    stock: number;
    status: ProductStatus;
    status_cause: StatusCause;
    version: number;
    created_at: string;
    updated_at: string;
  };
  /**
   * Each stock decision taken for an order, once: `reserve:<order>` (reserved or short) and
   * `return:<order line>`. A redelivered or repeated event finds its key and changes nothing.
   */
  stock_movements: { movement_key: string; order_id: number; outcome: string; created_at: string };
}

export const migrations: Migrations = {
  '001_catalog': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('categories')
        .addColumn('category_id', 'integer', autoId(db))
        .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createTable('brands')
        .addColumn('brand_id', 'integer', autoId(db))
        .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createTable('items')
        .addColumn('item_id', 'integer', autoId(db))
        .addColumn('category_id', 'integer', (c) => c.notNull())
        .addColumn('brand_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .execute();
    },
  },
  '002_products': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('products')
        .addColumn('product_id', 'integer', autoId(db))
        .addColumn('item_id', 'integer', (c) => c.notNull())
        .addColumn('seller_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('price', 'integer', (c) => c.notNull())
        // The database refuses a negative stock too: the conditional UPDATE is the rule, this the backstop.
        .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('status_cause', 'varchar(10)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('products_listing').on('products').columns(['status', 'product_id']).execute();
      await db.schema.createIndex('products_seller').on('products').columns(['seller_id', 'product_id']).execute();
      await db.schema
        .createTable('stock_movements')
        .addColumn('movement_key', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('order_id', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
