import { badRequest, conflict, HttpError, notFound, type ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { StockShortage } from '../contracts/events.ts';
import { type Caller, forbidden } from '../contracts/identity.ts';
import { deliveryAddressOf } from './address.ts';
import { knownProducts } from './catalog.ts';
import { type LineMove, moveLine, type Order, orderPlaced, stockReserved, stockShort } from './domain.ts';
import { orderNotices } from './notices.ts';
import { type NewLine, orders } from './orders.ts';
import type { OrderTables } from './store.ts';

export type OrderContext = ServiceContext<OrderTables, 'user'>;

/** What a user asks for: products and quantities, and one of their addresses to send them to. */
export interface Wanted {
  addressId: number;
  lines: readonly { productId: number; quantity: number }[];
}

const now = (ctx: OrderContext) => ctx.clock().toISOString();

export interface Placed {
  order: Order;
  /** The Idempotency-Key had ordered before: this is that first order, and nothing new was ordered. */
  replayed: boolean;
}

/**
 * A user orders. Each product must be on sale in order's copy: one known SOLD_OUT is refused at once (409
 * naming it), as the seed did. The order is then saved ORDER with OrderPlaced in one transaction, and the
 * stock saga decides it. An Idempotency-Key that ordered before answers that order (two at once: the unique
 * index lets one in, the other reads it).
 */
export const placeOrder =
  (ctx: OrderContext) =>
  async (user: Caller, wanted: Wanted, key?: string): Promise<Placed> => {
    const repo = orders(ctx.store.db);
    if (key) {
      const first = await repo.findByKey(user.id, key);
      if (first) return { order: first, replayed: true };
    }
    const lines = await linesFor(ctx, wanted.lines);
    const address = await deliveryAddressOf(ctx, user.id, wanted.addressId);
    try {
      const order = await ctx.store.transaction(async (tx) => {
        const added = await orders(tx.db).add(user.id, address, lines, key, now(ctx));
        await tx.publish(orderPlaced(added));
        return added;
      });
      return { order, replayed: false };
    } catch (error) {
      const first = key && isUniqueViolation(error) ? await repo.findByKey(user.id, key) : undefined;
      if (first) return { order: first, replayed: true };
      throw error;
    }
  };

async function linesFor(ctx: OrderContext, wanted: readonly { productId: number; quantity: number }[]) {
  const ids = wanted.map((w) => w.productId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw badRequest(`product ${twice} is listed twice; order it once with the total quantity`);
  const known = await knownProducts(ctx.store.db).find(ids);
  return wanted.map(({ productId, quantity }): NewLine => {
    const product = known.get(productId);
    if (!product) throw notFound('product', productId);
    if (product.status === 'SOLD_OUT') {
      throw new HttpError('conflict', `product ${productId} (${product.name}) is sold out`, {
        rule: 'product-sold-out',
        productId,
      });
    }
    if (product.status !== 'SELL') {
      throw new HttpError('conflict', `product ${productId} (${product.name}) is not on sale`, {
        rule: 'product-not-on-sale',
        productId,
      });
    }
    return { productId, sellerId: product.seller_id, productName: product.name, price: product.price, quantity };
  });
}

/** StockReserved / StockShortage: the saga's outcome settles the order once (a repeat finds it settled). */
export async function settleStock(
  tx: Tx<OrderTables>,
  orderId: number,
  shortage: StockShortage | undefined,
  at: string,
) {
  const repo = orders(tx.db);
  const order = await repo.find(orderId);
  if (!order) return;
  const decision = shortage ? stockShort(order, shortage) : stockReserved(order);
  if (!decision.ok) return;
  await repo.save(decision.state, at);
  await orderNotices(tx.db).add(decision.state, at);
}

/** StockReturned: the line shows its quantity is back in stock. */
export async function markReturned(tx: Tx<OrderTables>, orderProductId: number, at: string) {
  const repo = orders(tx.db);
  const line = await repo.findLine(orderProductId);
  if (line && !line.stockReturned) await repo.saveLine({ ...line, stockReturned: true }, at);
}

/** ReviewWritten: the line shows its review. */
export async function markReviewed(tx: Tx<OrderTables>, orderProductId: number, reviewId: number, at: string) {
  const repo = orders(tx.db);
  const line = await repo.findLine(orderProductId);
  if (line && line.reviewId === undefined) await repo.saveLine({ ...line, reviewId }, at);
}

/**
 * A person moves one line: its seller (ACCEPT, REJECT, DELIVERY, DELIVERED, CANCEL) or the order's owner
 * (CANCELING); a supervisor may act for either. The line is read and written in one transaction with the
 * row locked, so two clicks cannot both move it (and a REJECT or CANCEL gives stock back once).
 */
export const moveOrderLine =
  (ctx: OrderContext) => (caller: Caller, orderProductId: number, move: LineMove, orderId?: number) =>
    ctx.store.transaction(async (tx) => {
      const repo = orders(tx.db);
      await tx.db
        .updateTable('order_products')
        .set((eb) => ({ status: eb.ref('status') }))
        .where('order_product_id', '=', orderProductId)
        .execute();
      const line = await repo.findLine(orderProductId);
      if (!line || (orderId !== undefined && line.orderId !== orderId)) throw notFound('order line', orderProductId);
      const order = await repo.find(line.orderId);
      if (!order) throw notFound('order', line.orderId);
      mayMove(caller, order, line.sellerId, move);
      const decision = moveLine(order, line, move);
      if (!decision.ok) throw conflict(decision.reason, decision.message);
      await repo.saveLine(decision.state, now(ctx));
      for (const event of decision.events) await tx.publish(event);
      return decision.state;
    });

function mayMove(caller: Caller, order: Order, sellerId: number, move: LineMove): void {
  if (caller.role === 'SUPERVISOR') return;
  if (move === 'CANCELING') {
    if (caller.role === 'USER' && caller.id === order.userId) return;
    throw forbidden('not-your-order', `order ${order.orderId} belongs to another user`);
  }
  if (caller.role === 'SELLER' && caller.id === sellerId) return;
  throw forbidden('not-your-product', "this order line is for another seller's product");
}

/** The order, if the caller may see it: its owner, a supervisor. */
export async function visibleOrder(ctx: OrderContext, caller: Caller, orderId: number): Promise<Order> {
  const order = await orders(ctx.store.db).find(orderId);
  if (!order) throw notFound('order', orderId);
  if (caller.role !== 'SUPERVISOR' && order.userId !== caller.id) {
    throw forbidden('not-your-order', `order ${orderId} belongs to another user`);
  }
  return order;
}
