import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

export interface ReviewTables {
  reviews: {
    review_id: Generated<number>;
    /** One review per order line (the seed kept one per order, gap C-G4): unique. */
    order_product_id: number;
    order_id: number;
    product_id: number;
    user_id: number;
    rating: number;
    content: string;
    created_at: string;
  };
}

export const migrations: Migrations = {
  '001_reviews': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reviews')
        .addColumn('review_id', 'integer', autoId(db))
        .addColumn('order_product_id', 'integer', (c) => c.notNull())
        .addColumn('order_id', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('content', 'varchar(1000)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // The once-per-line rule, held by the database: two submissions at once cannot both land.
      await db.schema.createIndex('reviews_line').on('reviews').column('order_product_id').unique().execute();
      await db.schema.createIndex('reviews_product').on('reviews').columns(['product_id', 'review_id']).execute();
      await db.schema.createIndex('reviews_user').on('reviews').columns(['user_id', 'review_id']).execute();
    },
  },
};
