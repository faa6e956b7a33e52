import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { fishEvent, type OrderDetails } from '../contracts/events.ts';

/** `paid` when charged; `canceled` when the order was canceled (also recorded before any charge, so a late charge is refused). */
export const PAYMENT_STATUSES = ['paid', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Payment extends OrderDetails {
  paymentId: number;
  status: PaymentStatus;
}

export function payApproved(payment: Payment): DomainEvent {
  const { paymentId, orderId, customerName, fishName, qty, telephone, address } = payment;
  return fishEvent('PayApproved', {
    paymentId,
    orderId,
    customerName,
    fishName,
    qty,
    telephone,
    address,
    status: 'paid',
  });
}

/** A repeated charge for the same order returns the first payment; a charge for a canceled order is refused. */
export function charge(existing: Payment | undefined): Decision<'new' | Payment, never> {
  if (!existing) return accept('new');
  if (existing.status === 'canceled') {
    return reject('order-canceled', `order ${existing.orderId} was canceled; it cannot be paid any more`);
  }
  return accept(existing);
}

export function cancelPayment(payment: Payment): Decision<Payment, DomainEvent> {
  if (payment.status === 'canceled')
    return reject('already-canceled', `payment ${payment.paymentId} is already canceled`);
  return accept(
    { ...payment, status: 'canceled' },
    fishEvent('PayCanceled', { paymentId: payment.paymentId, orderId: payment.orderId, status: 'canceled' }),
  );
}
