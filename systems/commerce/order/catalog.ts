import type { Kysely } from 'kysely';
import type { ProductChanged } from '../contracts/events.ts';
import type { OrderTables } from './store.ts';

export type KnownProduct = OrderTables['products'];

/** Order's copy of the products it may be asked for: the newest version product told it wins. */
export function knownProducts(db: Kysely<OrderTables>) {
  return {
    async find(ids: readonly number[]): Promise<Map<number, KnownProduct>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('products').selectAll().where('product_id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.product_id, r]));
    },
    /** Events of one product arrive in order, but a replay may bring an older one: it never overwrites a newer. */
    async learn(p: ProductChanged): Promise<void> {
      const row = { seller_id: p.sellerId, name: p.name, price: p.price, status: p.status, version: p.version };
      const known = await db
        .selectFrom('products')
        .select('version')
        .where('product_id', '=', p.productId)
        .executeTakeFirst();
      if (!known)
        await db
          .insertInto('products')
          .values({ product_id: p.productId, ...row })
          .execute();
      else if (known.version < p.version)
        await db.updateTable('products').set(row).where('product_id', '=', p.productId).execute();
    },
  };
}
