import { conflict, notFound, type ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import type { OrderCanceled, PayApproved } from '../contracts/events.ts';
import { cancelStoreOrder, prepare } from './domain.ts';
import { type StoreTables, storeOrders } from './store.ts';

export type StoreContext = ServiceContext<StoreTables>;

/** The owner marks the fish prepared: OrderTaken hands it to delivery. */
export const prepareOrder = (ctx: StoreContext) => (fishOrderId: number) =>
  ctx.store.transaction(async (tx) => {
    const repo = storeOrders(tx.db);
    const order = await repo.find(fishOrderId);
    if (!order) throw notFound('store order', fishOrderId);
    const decision = prepare(order);
    if (!decision.ok) throw conflict(decision.reason, decision.message);
    await repo.setStatus(fishOrderId, decision.state.status, ctx.clock().toISOString());
    for (const event of decision.events) await tx.publish(event);
    return decision.state;
  });

/** whenever PayApproved then take the order, once: a repeat or an already-canceled order changes nothing. */
export async function receivePaidOrder(tx: Tx<StoreTables>, paid: PayApproved, now: string) {
  const repo = storeOrders(tx.db);
  if (await repo.findByOrder(paid.orderId)) return;
  await repo.add(paid, 'paid', now);
}

/**
 * whenever OrderCanceled then cancel the store order. If PayApproved has not arrived yet, a canceled
 * record is kept so it is not taken when it does.
 */
export async function cancelForOrder(tx: Tx<StoreTables>, canceled: OrderCanceled, now: string) {
  const repo = storeOrders(tx.db);
  const existing = await repo.findByOrder(canceled.orderId);
  if (!existing) {
    await repo.add(canceled, 'canceled', now);
    return;
  }
  const decision = cancelStoreOrder(existing);
  if (!decision.ok) return;
  await repo.setStatus(existing.fishOrderId, 'canceled', now);
  for (const event of decision.events) await tx.publish(event);
}
