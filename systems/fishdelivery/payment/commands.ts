import { conflict, type ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { OrderCanceled, OrderDetails } from '../contracts/events.ts';
import { cancelPayment, charge, payApproved } from './domain.ts';
import { type PaymentTables, payments } from './store.ts';

export type PaymentContext = ServiceContext<PaymentTables>;

/** Charges an order once: `created` tells a first charge (201) from a repeat (200). */
export const pay = (ctx: PaymentContext) => async (details: OrderDetails) => {
  try {
    return await chargeOnce(ctx, details);
  } catch (error) {
    // Two charges for one order raced past the lookup: the unique order_id let one win; answer as a repeat.
    if (isUniqueViolation(error)) return chargeOnce(ctx, details);
    throw error;
  }
};

const chargeOnce = (ctx: PaymentContext, details: OrderDetails) =>
  ctx.store.transaction(async (tx) => {
    const repo = payments(tx.db);
    const decision = charge(await repo.findByOrder(details.orderId));
    if (!decision.ok) throw conflict(decision.reason, decision.message);
    if (decision.state !== 'new') return { payment: decision.state, created: false };
    const payment = await repo.add(details, 'paid', ctx.clock().toISOString());
    await tx.publish(payApproved(payment));
    return { payment, created: true };
  });

/**
 * whenever OrderCanceled then cancel the payment. When no payment exists yet (the charge is still in
 * flight, or never came), a canceled record is kept so a late charge for this order is refused.
 */
export async function cancelForOrder(tx: Tx<PaymentTables>, order: OrderCanceled, now: string) {
  const repo = payments(tx.db);
  const existing = await repo.findByOrder(order.orderId);
  if (!existing) {
    await repo.add(order, 'canceled', now);
    return;
  }
  const decision = cancelPayment(existing);
  if (!decision.ok) return;
  await repo.setStatus(existing.paymentId, 'canceled', now);
  for (const event of decision.events) await tx.publish(event);
}
