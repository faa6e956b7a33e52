import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { fishEvent, type OrderDetails } from '../contracts/events.ts';

/** `paid`: the store received a paid order; `prepared`: the fish is ready for delivery; `canceled`. */
export const STORE_ORDER_STATUSES = ['paid', 'prepared', 'canceled'] as const;
export type StoreOrderStatus = (typeof STORE_ORDER_STATUSES)[number];

export interface StoreOrder extends OrderDetails {
  fishOrderId: number;
  status: StoreOrderStatus;
}

export function prepare(order: StoreOrder): Decision<StoreOrder, DomainEvent> {
  if (order.status === 'canceled') {
    return reject('store-order-canceled', `store order ${order.fishOrderId} was canceled; there is nothing to prepare`);
  }
  if (order.status === 'prepared') {
    return reject('store-order-prepared', `store order ${order.fishOrderId} is already prepared`);
  }
  const prepared: StoreOrder = { ...order, status: 'prepared' };
  const { fishOrderId, orderId, customerName, fishName, qty, telephone, address } = prepared;
  return accept(
    prepared,
    fishEvent('OrderTaken', {
      fishOrderId,
      orderId,
      customerName,
      fishName,
      qty,
      telephone,
      address,
      status: 'prepared',
    }),
  );
}

export function cancelStoreOrder(order: StoreOrder): Decision<StoreOrder, DomainEvent> {
  if (order.status === 'canceled')
    return reject('already-canceled', `store order ${order.fishOrderId} is already canceled`);
  return accept(
    { ...order, status: 'canceled' },
    fishEvent('ReceiveCanceled', { fishOrderId: order.fishOrderId, orderId: order.orderId, status: 'canceled' }),
  );
}
