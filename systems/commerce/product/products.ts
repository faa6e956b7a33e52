import { countOf, insertWithId } from '@mosaic/kit/store';
import type { Kysely, Selectable } from 'kysely';
import { commerceEvent, type ProductStatus } from '../contracts/events.ts';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { Product } from './domain.ts';
import type { ProductTables } from './store.ts';

export interface ProductFilter extends PageRequest {
  categoryId?: number;
  brandId?: number;
  sellerId?: number;
  statuses: readonly ProductStatus[];
  name?: string;
}

/** A product as the public list shows it, with its item's category and brand. */
export interface Listed extends Product {
  categoryId: number;
  brandId: number;
}

const toProduct = (row: Selectable<ProductTables['products']>): Product => ({
  productId: row.product_id,
  itemId: row.item_id,
  sellerId: row.seller_id,
  name: row.name,
  price: row.price,
  stock: row.stock,
  status: row.status,
  statusCause: row.status_cause,
  version: row.version,
});

/** What order is told of a product after every change (its copy keeps the newest version). */
export const productChanged = (p: Product) =>
  commerceEvent('ProductChanged', {
    productId: p.productId,
    sellerId: p.sellerId,
    name: p.name,
    price: p.price,
    status: p.status,
    stock: p.stock,
    version: p.version,
  });

/** The product repository over whichever handle it is given (a transaction or the plain store). */
export function products(db: Kysely<ProductTables>) {
  return {
    async add(p: Omit<Product, 'productId'>, now: string): Promise<Product> {
      const values = {
        item_id: p.itemId,
        seller_id: p.sellerId,
        name: p.name,
        price: p.price,
        stock: p.stock,
        status: p.status,
        status_cause: p.statusCause,
        version: p.version,
        created_at: now,
        updated_at: now,
      };
      return { ...p, productId: await insertWithId(db, 'products', values, 'product_id') };
    },
    async find(productId: number): Promise<Product | undefined> {
      const row = await db.selectFrom('products').selectAll().where('product_id', '=', productId).executeTakeFirst();
      return row ? toProduct(row) : undefined;
    },
    /** Writes what a decision changed; the version grows so order's copy takes it. */
    async save(p: Product, now: string): Promise<Product> {
      const saved = { ...p, version: p.version + 1 };
      await db
        .updateTable('products')
        .set({
          name: saved.name,
          price: saved.price,
          stock: saved.stock,
          status: saved.status,
          status_cause: saved.statusCause,
          version: saved.version,
          updated_at: now,
        })
        .where('product_id', '=', p.productId)
        .execute();
      return saved;
    },
    async list(filter: ProductFilter): Promise<Found<Listed>> {
      let query = db
        .selectFrom('products')
        .innerJoin('items', 'items.item_id', 'products.item_id')
        .where('products.status', 'in', filter.statuses);
      if (filter.categoryId !== undefined) query = query.where('items.category_id', '=', filter.categoryId);
      if (filter.brandId !== undefined) query = query.where('items.brand_id', '=', filter.brandId);
      if (filter.sellerId !== undefined) query = query.where('products.seller_id', '=', filter.sellerId);
      if (filter.name) query = query.where('products.name', 'like', `%${escapeLike(filter.name)}%`);
      const rows = await query
        .selectAll('products')
        .select(['items.category_id', 'items.brand_id'])
        .orderBy('products.product_id')
        .limit(filter.size)
        .offset(offsetOf(filter))
        .execute();
      const listed = rows.map((r) => ({ ...toProduct(r), categoryId: r.category_id, brandId: r.brand_id }));
      return { rows: listed, total: await countOf(query) };
    },
  };
}

/** A name search matches the words as typed: `%` and `_` are not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
