import { type Static, Type } from '@mosaic/kit/http';
import { defineEvents } from '@mosaic/kit/messaging';

/**
 * The fishdelivery events (spec (a), "Events"), the only code its services share, each with the schema of
 * its data: handlers receive it typed and checked. The correlation key, and so every envelope's `subject`,
 * is the orderId. `RecieveCanceled` is spelled correctly here.
 */

const id = (description: string) => Type.Integer({ minimum: 1, description });

/** What every order-related event repeats, so a consumer never needs to call back for it. */
export const OrderDetails = Type.Object({
  orderId: id('the order'),
  customerName: Type.String({ minLength: 1 }),
  fishName: Type.String({ minLength: 1 }),
  qty: Type.Integer({ minimum: 1 }),
  telephone: Type.String(),
  address: Type.String(),
});
export type OrderDetails = Static<typeof OrderDetails>;

const withDetails = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Composite([OrderDetails, Type.Object(properties)]);

export const fishEvents = defineEvents(
  {
    OrderPlaced: withDetails({ status: Type.Literal('PENDING') }),
    /** The customer canceled, or payment failed and any late payment must be undone. */
    OrderCanceled: withDetails({
      status: Type.Union([Type.Literal('CANCELED'), Type.Literal('PAYMENT_FAILED')]),
      reason: Type.Union([Type.Literal('customer'), Type.Literal('payment-failed')]),
    }),
    PayApproved: withDetails({ paymentId: id('the payment'), status: Type.Literal('paid') }),
    PayCanceled: Type.Object({
      paymentId: id('the payment'),
      orderId: id('the order'),
      status: Type.Literal('canceled'),
    }),
    OrderTaken: withDetails({ fishOrderId: id("the store's fish order"), status: Type.Literal('prepared') }),
    ReceiveCanceled: Type.Object({
      fishOrderId: id("the store's fish order"),
      orderId: id('the order'),
      status: Type.Literal('canceled'),
    }),
    DeliveryStarted: Type.Object({
      deliveryId: id('the delivery'),
      orderId: id('the order'),
      status: Type.Literal('delivering'),
    }),
    DeliveryCompleted: Type.Object({
      deliveryId: id('the delivery'),
      orderId: id('the order'),
      status: Type.Literal('delivered'),
    }),
    DeliveryCanceled: Type.Object({
      deliveryId: id('the delivery'),
      orderId: id('the order'),
      status: Type.Literal('canceled'),
    }),
  },
  { subject: (_type, data) => String(data.orderId) },
);

type Schemas = typeof fishEvents.schemas;
export type FishdeliveryEventType = keyof Schemas;
export type EventData<K extends FishdeliveryEventType> = Static<Schemas[K]>;
export type OrderCanceled = EventData<'OrderCanceled'>;
export type PayApproved = EventData<'PayApproved'>;
export type OrderTaken = EventData<'OrderTaken'>;
export type ReceiveCanceled = EventData<'ReceiveCanceled'>;

/** Builds a domain event whose subject is the orderId, typed by its name. */
export const fishEvent = fishEvents.event;
