/**
 * The fishdelivery events (spec (a), "Events"), the only code its services share. The correlation key,
 * and so every envelope's `subject`, is the orderId. `RecieveCanceled` is spelled correctly here.
 */

/** What every order-related event repeats, so a consumer never needs to call back for it. */
export interface OrderDetails {
  orderId: number;
  customerName: string;
  fishName: string;
  qty: number;
  telephone: string;
  address: string;
}

export interface OrderPlaced extends OrderDetails {
  status: 'PENDING';
}

export interface OrderCanceled extends OrderDetails {
  status: 'CANCELED' | 'PAYMENT_FAILED';
  /** Why: the customer canceled, or payment failed and any late payment must be undone. */
  reason: 'customer' | 'payment-failed';
}

export interface PayApproved extends OrderDetails {
  paymentId: number;
  status: 'paid';
}

export interface PayCanceled {
  paymentId: number;
  orderId: number;
  status: 'canceled';
}

export interface OrderTaken extends OrderDetails {
  fishOrderId: number;
  status: 'prepared';
}

export interface ReceiveCanceled {
  fishOrderId: number;
  orderId: number;
  status: 'canceled';
}

export interface DeliveryStarted {
  deliveryId: number;
  orderId: number;
  status: 'delivering';
}

export interface DeliveryCompleted {
  deliveryId: number;
  orderId: number;
  status: 'delivered';
}

export interface DeliveryCanceled {
  deliveryId: number;
  orderId: number;
  status: 'canceled';
}

export interface FishdeliveryEvents {
  OrderPlaced: OrderPlaced;
  OrderCanceled: OrderCanceled;
  PayApproved: PayApproved;
  PayCanceled: PayCanceled;
  OrderTaken: OrderTaken;
  ReceiveCanceled: ReceiveCanceled;
  DeliveryStarted: DeliveryStarted;
  DeliveryCompleted: DeliveryCompleted;
  DeliveryCanceled: DeliveryCanceled;
}

export type FishdeliveryEventType = keyof FishdeliveryEvents;

/** Builds a domain event whose subject is the orderId, typed by its name. */
export function fishEvent<K extends FishdeliveryEventType>(type: K, data: FishdeliveryEvents[K]) {
  return { type, subject: String(data.orderId), data };
}

/** Reads an envelope's data as the event its type says it is. */
export function dataOf<K extends FishdeliveryEventType>(_type: K, event: { data: unknown }): FishdeliveryEvents[K] {
  return event.data as FishdeliveryEvents[K];
}
