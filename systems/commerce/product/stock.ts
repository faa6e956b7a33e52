import type { Tx } from '@mosaic/kit/store';
import { sql } from 'kysely';
import { commerceEvent, type OrderLineReleased, type OrderPlaced, type StockShortage } from '../contracts/events.ts';
import { afterStockMove } from './domain.ts';
import { productChanged, products } from './products.ts';
import type { ProductTables } from './store.ts';

type StockTx = Tx<ProductTables>;

/**
 * Records that the stock decision `key` is taken, or answers false when it was taken before (a redelivered
 * or repeated event). Two deliveries at once: the second waits on the key and fails, and its retry finds it.
 */
async function claim(tx: StockTx, key: string, orderId: number, outcome: string, now: string): Promise<boolean> {
  const seen = await tx.db
    .selectFrom('stock_movements')
    .select('movement_key')
    .where('movement_key', '=', key)
    .executeTakeFirst();
  if (seen) return false;
  await tx.db
    .insertInto('stock_movements')
    .values({ movement_key: key, order_id: orderId, outcome, created_at: now })
    .execute();
  return true;
}

/**
 * Takes one line's quantity if, and only if, there is enough: one conditional UPDATE, never read-then-write
 * (bug C-B1), so concurrent orders on any number of replicas cannot take more than there is.
 */
async function take(tx: StockTx, productId: number, quantity: number): Promise<boolean> {
  const result = await tx.db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '-', quantity) }))
    .where('product_id', '=', productId)
    .where('status', '=', 'SELL')
    .where('stock', '>=', quantity)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * OrderPlaced: every line or none. Lines are taken in product order (so two orders never wait on each other's
 * rows); the first short line rolls the others back to a savepoint and the order gets StockShortage. Each
 * product whose status moved is told to order (ProductChanged): SOLD_OUT at 0.
 */
export async function reserveOrder(tx: StockTx, placed: OrderPlaced, now: string): Promise<void> {
  const key = `reserve:${placed.orderId}`;
  if (!(await claim(tx, key, placed.orderId, 'reserving', now))) return;
  const lines = [...placed.lines].sort((a, b) => a.productId - b.productId);
  await sql`savepoint reserve_lines`.execute(tx.db);
  for (const line of lines) {
    if (await take(tx, line.productId, line.quantity)) continue;
    await sql`rollback to savepoint reserve_lines`.execute(tx.db);
    const shortage = await shortageOf(tx, placed.orderId, line.productId, line.quantity);
    await tx.db.updateTable('stock_movements').set({ outcome: 'short' }).where('movement_key', '=', key).execute();
    await tx.publish(commerceEvent('StockShortage', shortage));
    return;
  }
  for (const line of lines) await settleStatus(tx, line.productId, line.quantity, now);
  await tx.db.updateTable('stock_movements').set({ outcome: 'reserved' }).where('movement_key', '=', key).execute();
  await tx.publish(commerceEvent('StockReserved', { orderId: placed.orderId }));
}

/** OrderLineReleased: the line's quantity goes back once, whatever the number of deliveries. */
export async function returnLine(tx: StockTx, released: OrderLineReleased, now: string): Promise<void> {
  if (!(await claim(tx, `return:${released.orderProductId}`, released.orderId, 'returned', now))) return;
  await tx.db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '+', released.quantity) }))
    .where('product_id', '=', released.productId)
    .execute();
  await settleStatus(tx, released.productId, -released.quantity, now);
  const { orderId, orderProductId, productId, quantity } = released;
  await tx.publish(commerceEvent('StockReturned', { orderId, orderProductId, productId, quantity }));
}

/**
 * After the stock of a product moved by `taken` (negative: returned), in the transaction that holds its row:
 * SOLD_OUT at 0, SELL again on a restock from 0, a new version. Order is told only when the status moved:
 * its copy keeps no stock, and a ProductChanged per reservation queued behind each other made order learn of
 * SOLD_OUT tens of seconds late in a burst (bench/README.md, commerce).
 */
export async function settleStatus(tx: StockTx, productId: number, taken: number, now: string): Promise<void> {
  const repo = products(tx.db);
  const moved = await repo.find(productId);
  if (!moved) return;
  const saved = await repo.save(afterStockMove(moved, moved.stock + taken), now);
  if (saved.status !== moved.status) await tx.publish(productChanged(saved));
}

async function shortageOf(tx: StockTx, orderId: number, productId: number, requested: number): Promise<StockShortage> {
  const product = await products(tx.db).find(productId);
  const available = product?.stock ?? 0;
  const onSale = product?.status === 'SELL' || product?.status === 'SOLD_OUT';
  return { orderId, productId, requested, available, reason: onSale ? 'out-of-stock' : 'not-on-sale' };
}
