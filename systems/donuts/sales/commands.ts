import { randomUUID } from 'node:crypto';
import { conflict, HttpError, type ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { Selectable } from 'kysely';
import { donutsEvent } from '../contracts/events.ts';
import { arrivalPath, type RestockOrder } from '../contracts/restock-order.ts';
import { NO_PRODUCT, newCallbackToken, type Product, tokenMatches } from './domain.ts';
import type { salesSettings } from './schemas.ts';
import type { SalesTables } from './store.ts';

export type SalesContext = ServiceContext<SalesTables, never, typeof salesSettings, 'restock'>;

export const productOf = (row: Selectable<SalesTables['products']>): Product => ({
  sku: row.sku,
  name: row.name,
  price: row.price,
  stock: row.stock,
  reorderPoint: row.reorder_point,
  restockQuantity: row.restock_quantity,
  restockPending: Boolean(row.restock_pending),
  factoryManagerEmail: row.factory_manager_email,
});

export async function findProduct(ctx: SalesContext, sku: string): Promise<Product> {
  const row = await ctx.store.db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
  if (!row) throw new HttpError('not-found', NO_PRODUCT, { sku });
  return productOf(row);
}

export type CheckoutResult =
  | { sold: true; orderNo: string; sku: string; quantity: number; stock: number; replayed: boolean }
  | { sold: false; sku: string; stock: number; restock: PendingRestock | undefined };

export interface PendingRestock {
  restockId: string;
  status: string;
  requestedAt: string;
}

/**
 * One purchase, in one transaction: the decrement is a conditional UPDATE (`stock >= quantity`), so concurrent
 * buyers can never oversell nor drive the stock negative (D-B1); then, sold or not, a second conditional UPDATE
 * claims the shortage (`restock_pending = false AND stock <= reorder_point`). Only the one transaction whose
 * claim matched asks for the restock, and its queue message and event are written with it: sent if, and only
 * if, it commits (D-B2, and no restock is lost when the process dies right after the purchase).
 */
export async function checkout(
  ctx: SalesContext,
  sku: string,
  quantity: number,
  idempotencyKey: string | undefined,
): Promise<CheckoutResult> {
  if (idempotencyKey) {
    const earlier = await replayOf(ctx, idempotencyKey);
    if (earlier) return sameOrder(earlier, sku, quantity);
  }
  try {
    return await ctx.store.transaction(async (tx) => {
      const taken = await tx.db
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '-', quantity) }))
        .where('sku', '=', sku)
        .where('stock', '>=', quantity)
        .executeTakeFirst();
      const sold = Number(taken.numUpdatedRows) === 1;
      const row = await tx.db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
      if (!row) throw new HttpError('not-found', NO_PRODUCT, { sku });
      await claimShortage(ctx, tx, productOf(row));
      if (!sold) return { sold: false as const, sku, stock: row.stock, restock: await pendingRestock(tx, sku) };
      const orderNo = randomUUID();
      await tx.db
        .insertInto('sales')
        .values({
          order_no: orderNo,
          sku,
          quantity,
          idempotency_key: idempotencyKey ?? null,
          stock_after: row.stock,
          sold_at: ctx.clock().toISOString(),
        })
        .execute();
      return { sold: true as const, orderNo, sku, quantity, stock: row.stock, replayed: false };
    });
  } catch (error) {
    // The same key bought at the same moment by a retry: the loser's transaction rolled back whole.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await replayOf(ctx, idempotencyKey);
      if (earlier) return sameOrder(earlier, sku, quantity);
    }
    throw error;
  }
}

/** A key names one purchase: reused for another product or quantity, it is the client's mistake, not a replay. */
function sameOrder(earlier: CheckoutResult, sku: string, quantity: number): CheckoutResult {
  if (earlier.sold && (earlier.sku !== sku || earlier.quantity !== quantity)) {
    throw conflict('idempotency-key-reused', 'this Idempotency-Key was used for another purchase');
  }
  return earlier;
}

async function replayOf(ctx: SalesContext, key: string): Promise<CheckoutResult | undefined> {
  const sale = await ctx.store.db.selectFrom('sales').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!sale) return undefined;
  return {
    sold: true,
    orderNo: sale.order_no,
    sku: sale.sku,
    quantity: sale.quantity,
    stock: sale.stock_after,
    replayed: true,
  };
}

async function claimShortage(ctx: SalesContext, tx: Tx<SalesTables>, product: Product): Promise<void> {
  const claimed = await tx.db
    .updateTable('products')
    .set({ restock_pending: true })
    .where('sku', '=', product.sku)
    .where('restock_pending', '=', false)
    .where((eb) => eb('stock', '<=', eb.ref('reorder_point')))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const restockId = randomUUID();
  const { token, hash } = newCallbackToken();
  const requestedAt = ctx.clock().toISOString();
  await tx.db
    .insertInto('restock_requests')
    .values({
      id: restockId,
      sku: product.sku,
      quantity: product.restockQuantity,
      status: 'REQUESTED',
      token_hash: hash,
      factory_job_id: null,
      requested_at: requestedAt,
      received_at: null,
    })
    .execute();
  const order: RestockOrder = {
    restockId,
    sku: product.sku,
    quantity: product.restockQuantity,
    stock: product.stock,
    callbackPath: arrivalPath(restockId, token),
  };
  await ctx.queues.restock.send(order, { tx, dedupeKey: `restock:${restockId}` });
  await tx.publish(
    donutsEvent('RestockRequested', {
      restockId,
      sku: product.sku,
      name: product.name,
      quantity: product.restockQuantity,
      stock: product.stock,
      factoryManagerEmail: product.factoryManagerEmail,
      requestedAt,
    }),
  );
}

async function pendingRestock(tx: Tx<SalesTables>, sku: string): Promise<PendingRestock | undefined> {
  const row = await tx.db
    .selectFrom('restock_requests')
    .select(['id', 'status', 'requested_at'])
    .where('sku', '=', sku)
    .where('status', 'in', ['REQUESTED', 'IN_PRODUCTION'])
    .orderBy('requested_at', 'desc')
    .executeTakeFirst();
  return row && { restockId: row.id, status: row.status, requestedAt: row.requested_at };
}

export type ArrivalResult = { product: Product; added: number; duplicate: boolean };

/**
 * The factory's callback (the seed's stock-increase lambda, D-B8 fixed): only with the token sales gave this
 * restock, and the stock is raised once however often the factory calls: the move to RECEIVED is a conditional
 * UPDATE, and only the transaction that made it adds the restock's own quantity (never the body's) and clears
 * the pending flag. A second factory job for the same restock (a redelivered message) cannot add twice either.
 */
export async function receiveRestock(ctx: SalesContext, restockId: string, token: string): Promise<ArrivalResult> {
  const request = await ctx.store.db
    .selectFrom('restock_requests')
    .selectAll()
    .where('id', '=', restockId)
    .executeTakeFirst();
  if (!request || !tokenMatches(token, request.token_hash)) {
    // The same answer for an unknown restock and a wrong token: a prober learns nothing.
    throw new HttpError('forbidden', 'this callback is not one sales asked for');
  }
  return ctx.store.transaction(async (tx) => {
    const moved = await tx.db
      .updateTable('restock_requests')
      .set({ status: 'RECEIVED', received_at: ctx.clock().toISOString() })
      .where('id', '=', restockId)
      .where('status', '<>', 'RECEIVED')
      .executeTakeFirst();
    const first = Number(moved.numUpdatedRows) === 1;
    if (first) {
      // A late callback of an OVERDUE restock must not clear the flag of the newer restock now under way.
      const newer = await tx.db
        .selectFrom('restock_requests')
        .select('id')
        .where('sku', '=', request.sku)
        .where('id', '<>', restockId)
        .where('status', 'in', ['REQUESTED', 'IN_PRODUCTION'])
        .executeTakeFirst();
      await tx.db
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '+', request.quantity), restock_pending: newer !== undefined }))
        .where('sku', '=', request.sku)
        .execute();
    }
    const row = await tx.db.selectFrom('products').selectAll().where('sku', '=', request.sku).executeTakeFirstOrThrow();
    if (first) {
      await tx.publish(
        donutsEvent('RestockArrived', { restockId, sku: request.sku, quantity: request.quantity, stock: row.stock }),
      );
    }
    return { product: productOf(row), added: first ? request.quantity : 0, duplicate: !first };
  });
}

/** The factory accepted the restock: its job id is noted (the factory's page shows jobs by it). */
export async function noteFactoryJob(tx: Tx<SalesTables>, restockId: string, jobId: string): Promise<void> {
  await tx.db
    .updateTable('restock_requests')
    .set({ status: 'IN_PRODUCTION', factory_job_id: jobId })
    .where('id', '=', restockId)
    .where('status', '=', 'REQUESTED')
    .execute();
}

/** An operator's (or the demo's) entry for a product: created, or its figures replaced. */
export async function putProduct(
  ctx: SalesContext,
  sku: string,
  entry: Omit<Product, 'sku' | 'restockPending'>,
): Promise<Product> {
  const values = {
    name: entry.name,
    price: entry.price,
    stock: entry.stock,
    reorder_point: entry.reorderPoint,
    restock_quantity: entry.restockQuantity,
    factory_manager_email: entry.factoryManagerEmail,
  };
  return ctx.store.transaction(async (tx) => {
    // Asked rather than counted: MySQL counts an UPDATE that changes nothing as no row.
    const known = await tx.db.selectFrom('products').select('sku').where('sku', '=', sku).executeTakeFirst();
    if (known) await tx.db.updateTable('products').set(values).where('sku', '=', sku).execute();
    else {
      await tx.db
        .insertInto('products')
        .values({ sku, ...values, restock_pending: false })
        .execute();
    }
    const row = await tx.db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirstOrThrow();
    return productOf(row);
  });
}

export async function listRestocks(ctx: SalesContext, sku: string | undefined) {
  let select = ctx.store.db
    .selectFrom('restock_requests')
    .select(['id', 'sku', 'quantity', 'status', 'factory_job_id', 'requested_at', 'received_at']);
  if (sku) select = select.where('sku', '=', sku);
  const rows = await select.orderBy('requested_at', 'desc').limit(100).execute();
  return rows.map((r) => ({
    restockId: r.id,
    sku: r.sku,
    quantity: r.quantity,
    status: r.status,
    factoryJobId: r.factory_job_id,
    requestedAt: r.requested_at,
    receivedAt: r.received_at,
  }));
}
