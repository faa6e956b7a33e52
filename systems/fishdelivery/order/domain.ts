import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { fishEvent, type OrderDetails } from '../contracts/events.ts';

/**
 * PENDING while payment is asked synchronously; PAID once it answered; PAYMENT_FAILED when it did not (the
 * order never stands without payment); CANCELED by the customer; DELIVERED when the delivery completed.
 */
export const ORDER_STATUSES = ['PENDING', 'PAID', 'PAYMENT_FAILED', 'CANCELED', 'DELIVERED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order extends OrderDetails {
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
}

export type NewOrder = Omit<OrderDetails, 'orderId'>;

export function orderPlaced(order: Order): DomainEvent {
  return fishEvent('OrderPlaced', { ...details(order), status: 'PENDING' });
}

export function paymentSucceeded(order: Order): Decision<Order, DomainEvent> {
  if (order.status !== 'PENDING') {
    return reject('order-not-pending', `order ${order.orderId} is ${order.status}; a payment can no longer settle it`);
  }
  return accept({ ...order, status: 'PAID' });
}

/** Payment failed, timed out or was refused: the order is void, and a payment that committed late is undone. */
export function paymentFailed(order: Order): Decision<Order, DomainEvent> {
  if (order.status !== 'PENDING') return reject('order-not-pending', `order ${order.orderId} is ${order.status}`);
  const failed: Order = { ...order, status: 'PAYMENT_FAILED' };
  return accept(
    failed,
    fishEvent('OrderCanceled', { ...details(order), status: 'PAYMENT_FAILED', reason: 'payment-failed' }),
  );
}

export function cancel(order: Order): Decision<Order, DomainEvent> {
  switch (order.status) {
    case 'PAID': {
      const canceled: Order = { ...order, status: 'CANCELED' };
      return accept(
        canceled,
        fishEvent('OrderCanceled', { ...details(order), status: 'CANCELED', reason: 'customer' }),
      );
    }
    case 'DELIVERED':
      return reject('order-delivered', `order ${order.orderId} was already delivered and can no longer be canceled`);
    case 'CANCELED':
      return reject('order-already-canceled', `order ${order.orderId} is already canceled`);
    case 'PAYMENT_FAILED':
      return reject('order-not-placed', `order ${order.orderId} was never paid, so there is nothing to cancel`);
    case 'PENDING':
      return reject('payment-in-progress', `order ${order.orderId} is still being paid; try again in a moment`);
  }
}

export function markDelivered(order: Order): Decision<Order, DomainEvent> {
  if (order.status !== 'PAID') return reject('order-not-paid', `order ${order.orderId} is ${order.status}`);
  return accept({ ...order, status: 'DELIVERED' });
}

function details(order: Order): OrderDetails {
  const { orderId, customerName, fishName, qty, telephone, address } = order;
  return { orderId, customerName, fishName, qty, telephone, address };
}
