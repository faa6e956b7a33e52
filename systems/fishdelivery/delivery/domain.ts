import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { fishEvent, type OrderDetails } from '../contracts/events.ts';

/** The seed created deliveries as "delivered" at once; here a delivery is `delivering` until the rider says so. */
export const DELIVERY_STATUSES = ['delivering', 'delivered', 'canceled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery extends OrderDetails {
  deliveryId: number;
  status: DeliveryStatus;
}

export function deliveryStarted(delivery: Delivery): DomainEvent {
  return fishEvent('DeliveryStarted', {
    deliveryId: delivery.deliveryId,
    orderId: delivery.orderId,
    status: 'delivering',
  });
}

export function complete(delivery: Delivery): Decision<Delivery, DomainEvent> {
  if (delivery.status !== 'delivering') {
    return reject(
      `delivery-${delivery.status}`,
      `delivery ${delivery.deliveryId} is ${delivery.status}, not delivering`,
    );
  }
  return accept(
    { ...delivery, status: 'delivered' },
    fishEvent('DeliveryCompleted', { deliveryId: delivery.deliveryId, orderId: delivery.orderId, status: 'delivered' }),
  );
}

/** A delivered order stays delivered: a cancel that raced the rider is refused. */
export function cancelDelivery(delivery: Delivery): Decision<Delivery, DomainEvent> {
  if (delivery.status !== 'delivering') {
    return reject(`delivery-${delivery.status}`, `delivery ${delivery.deliveryId} is ${delivery.status}`);
  }
  return accept(
    { ...delivery, status: 'canceled' },
    fishEvent('DeliveryCanceled', { deliveryId: delivery.deliveryId, orderId: delivery.orderId, status: 'canceled' }),
  );
}
