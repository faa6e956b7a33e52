import { conflict, notFound, type ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import type { OrderCanceled, OrderTaken } from '../contracts/events.ts';
import { cancelDelivery, complete, deliveryStarted } from './domain.ts';
import { type DeliveryTables, deliveries } from './store.ts';

export type DeliveryContext = ServiceContext<DeliveryTables>;

/** The rider hands the fish over: DeliveryCompleted. */
export const completeDelivery = (ctx: DeliveryContext) => (deliveryId: number) =>
  ctx.store.transaction(async (tx) => {
    const repo = deliveries(tx.db);
    const delivery = await repo.find(deliveryId);
    if (!delivery) throw notFound('delivery', deliveryId);
    const decision = complete(delivery);
    if (!decision.ok) throw conflict(decision.reason, decision.message);
    await repo.setStatus(deliveryId, decision.state.status, ctx.clock().toISOString());
    for (const event of decision.events) await tx.publish(event);
    return decision.state;
  });

/** whenever OrderTaken then start delivering, once. An order canceled before it was taken is not delivered. */
export async function startDelivery(tx: Tx<DeliveryTables>, taken: OrderTaken, now: string) {
  const repo = deliveries(tx.db);
  if (await repo.findByOrder(taken.orderId)) return;
  const delivery = await repo.add(taken, 'delivering', now);
  await tx.publish(deliveryStarted(delivery));
}

/**
 * whenever OrderCanceled (or ReceiveCanceled) then cancel the delivery. OrderCanceled before OrderTaken
 * leaves a canceled record so a late OrderTaken starts nothing; ReceiveCanceled always follows an
 * OrderCanceled, so it has nothing to record.
 */
export async function cancelForOrder(
  tx: Tx<DeliveryTables>,
  orderId: number,
  canceled: OrderCanceled | undefined,
  now: string,
) {
  const repo = deliveries(tx.db);
  const existing = await repo.findByOrder(orderId);
  if (!existing) {
    if (canceled) await repo.add(canceled, 'canceled', now);
    return;
  }
  const decision = cancelDelivery(existing);
  if (!decision.ok) return;
  await repo.setStatus(existing.deliveryId, 'canceled', now);
  for (const event of decision.events) await tx.publish(event);
}
