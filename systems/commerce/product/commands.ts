import { conflict, notFound, type ServiceContext } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation } from '@mosaic/kit/store';
import { type Caller, forbidden } from '../contracts/identity.ts';
import { afterStockMove, type Product, type SellerStatus, setStatus } from './domain.ts';
import { productChanged, products } from './products.ts';
import type { ProductTables } from './store.ts';

export type ProductContext = ServiceContext<ProductTables>;

const now = (ctx: ProductContext) => ctx.clock().toISOString();

/** A supervisor names categories and brands once each: a second with the same name is a 409, not a 500. */
export const addNamed = (ctx: ProductContext, table: 'categories' | 'brands') => async (name: string) => {
  const id = table === 'categories' ? 'category_id' : 'brand_id';
  try {
    return { [id]: await insertWithId(ctx.store.db, table, { name }, id), name };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`${table}-name-taken`, `${table} already has "${name}"`);
    throw error;
  }
};

export const addItem = (ctx: ProductContext) => async (item: { categoryId: number; brandId: number; name: string }) => {
  const { db } = ctx.store;
  const category = await db
    .selectFrom('categories')
    .select('category_id')
    .where('category_id', '=', item.categoryId)
    .executeTakeFirst();
  if (!category) throw notFound('category', item.categoryId);
  const brand = await db
    .selectFrom('brands')
    .select('brand_id')
    .where('brand_id', '=', item.brandId)
    .executeTakeFirst();
  if (!brand) throw notFound('brand', item.brandId);
  const values = { category_id: item.categoryId, brand_id: item.brandId, name: item.name };
  return { item_id: await insertWithId(db, 'items', values, 'item_id'), ...values };
};

/** A seller registers a product from a supervisor's item: REGISTERED, not yet on sale. */
export const registerProduct =
  (ctx: ProductContext) =>
  async (seller: Caller, input: { itemId: number; name: string; price: number; stock: number }) =>
    ctx.store.transaction(async (tx) => {
      const item = await tx.db
        .selectFrom('items')
        .select('item_id')
        .where('item_id', '=', input.itemId)
        .executeTakeFirst();
      if (!item) throw notFound('item', input.itemId);
      const added = await products(tx.db).add(
        { ...input, sellerId: seller.id, status: 'REGISTERED', statusCause: 'seller', version: 1 },
        now(ctx),
      );
      await tx.publish(productChanged(added));
      return added;
    });

export const changeStatus = (ctx: ProductContext) => (caller: Caller, productId: number, wanted: SellerStatus) =>
  change(ctx, caller, productId, (product) => {
    const decision = setStatus(product, wanted);
    if (!decision.ok) throw conflict(decision.reason, decision.message);
    return decision.state;
  });

/**
 * The seller counts the warehouse and sets the stock. One UPDATE on a row the transaction holds, so a
 * reservation waits for it or comes after it; the status follows (SOLD_OUT at 0, SELL again from 0).
 */
export const setStock = (ctx: ProductContext) => (caller: Caller, productId: number, stock: number) =>
  change(ctx, caller, productId, (product) => {
    if (product.status === 'UNREGISTERED') {
      throw conflict('product-unregistered', `product ${productId} is unregistered; its stock no longer moves`);
    }
    return afterStockMove({ ...product, stock }, product.stock);
  });

/** Loads the product locked for this change, checks it is the caller's, saves the decision and tells order. */
async function change(ctx: ProductContext, caller: Caller, productId: number, decide: (p: Product) => Product) {
  return ctx.store.transaction(async (tx) => {
    const repo = products(tx.db);
    // Lock the row first (a no-op write) so a concurrent reservation cannot slip between read and write.
    await tx.db
      .updateTable('products')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('product_id', '=', productId)
      .execute();
    const product = await repo.find(productId);
    if (!product) throw notFound('product', productId);
    mustOwn(caller, product);
    const saved = await repo.save(decide(product), now(ctx));
    await tx.publish(productChanged(saved));
    return saved;
  });
}

/** A seller acts on its own products; a supervisor on any (spec §3: the supervisor may do everything). */
export function mustOwn(caller: Caller, product: Product): void {
  if (caller.role === 'SUPERVISOR' || product.sellerId === caller.id) return;
  throw forbidden('not-your-product', `product ${product.productId} belongs to another seller`);
}
