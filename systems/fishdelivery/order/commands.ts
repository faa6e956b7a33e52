import type { Decision, DomainEvent } from '@mosaic/kit/domain';
import { conflict, notFound, type ServiceContext, unavailable } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import { payFor, paymentFailedMessage } from './clients.ts';
import {
  cancel,
  markDelivered,
  type NewOrder,
  type Order,
  orderPlaced,
  paymentFailed,
  paymentSucceeded,
} from './domain.ts';
import { type OrderTables, orders } from './store.ts';

export type OrderContext = ServiceContext<OrderTables, 'payment'>;

/**
 * Places an order and pays for it synchronously. The order is saved PENDING with OrderPlaced first (so a
 * crash mid-payment leaves a trace the sweeper settles), the transaction is closed before payment is
 * called, and the outcome settles it: PAID, or PAYMENT_FAILED with OrderCanceled and a 503 for the client.
 * The failure's detail (addresses, instances, the error) goes to the log; the customer is told what it
 * means for the order, which stays listed as PAYMENT_FAILED.
 */
export const placeOrder = (ctx: OrderContext) => async (input: NewOrder) => {
  const placed = await ctx.store.transaction(async (tx) => {
    const order = await orders(tx.db).add(input, now(ctx));
    await tx.publish(orderPlaced(order));
    return order;
  });
  const outcome = await payFor(ctx.clients.payment, placed);
  if (outcome.paid) return settle(ctx, placed.orderId, paymentSucceeded);
  const { orderId } = placed;
  ctx.logger.warn(
    { orderId, failure: outcome.failure, detail: outcome.detail },
    'payment failed; order PAYMENT_FAILED',
  );
  await settle(ctx, orderId, paymentFailed);
  throw unavailable(paymentFailedMessage(orderId, outcome), outcome.retryAfterSec, {
    orderId,
    orderStatus: 'PAYMENT_FAILED',
  });
};

export const cancelOrder = (ctx: OrderContext) => (orderId: number) =>
  settle(ctx, orderId, cancel, (d) => conflict(d.reason, d.message));

/** DeliveryCompleted: a delivered order can no longer be canceled. */
export const orderDelivered = (tx: Tx<OrderTables>, orderId: number, at: string) =>
  apply(tx, orderId, markDelivered, at);

/**
 * The saga's payment step timed out: the request that placed the order died between saving and settling it
 * (a crash, a lost connection). A PENDING order is failed, and OrderCanceled undoes any payment that did go
 * through; an order settled meanwhile is left as it is.
 */
export const failUnpaid = (ctx: OrderContext) => (orderId: number) =>
  ctx.store.transaction((tx) => apply(tx, orderId, paymentFailed, now(ctx)));

type Decide = (order: Order) => Decision<Order, DomainEvent>;

async function settle(
  ctx: OrderContext,
  orderId: number,
  decide: Decide,
  onReject?: (refusal: { reason: string; message: string }) => Error,
): Promise<Order> {
  return ctx.store.transaction(async (tx) => {
    const order = await orders(tx.db).find(orderId);
    if (!order) throw notFound('order', orderId);
    const decision = decide(order);
    if (!decision.ok) {
      if (onReject) throw onReject(decision);
      ctx.logger.warn({ orderId, reason: decision.reason }, decision.message);
      return order;
    }
    return save(tx, decision.state, decision.events, now(ctx));
  });
}

/** Inside an existing transaction (policies): a refused decision is logged by the caller, not thrown. */
async function apply(tx: Tx<OrderTables>, orderId: number, decide: Decide, at: string) {
  const order = await orders(tx.db).find(orderId);
  if (!order) return undefined;
  const decision = decide(order);
  if (!decision.ok) return undefined;
  return save(tx, decision.state, decision.events, at);
}

async function save(tx: Tx<OrderTables>, order: Order, events: DomainEvent[], at: string) {
  const saved = await orders(tx.db).save(order, at);
  for (const event of events) await tx.publish(event);
  return saved;
}

const now = (ctx: OrderContext) => ctx.clock().toISOString();
