import { type Static, Type } from '@mosaic/kit/http';
import { defineEvents } from '@mosaic/kit/messaging';

/**
 * The commerce events (spec §7, schemas [proposal] made exact), the only code its services share. Stock
 * events carry the order as subject, so one order's reservation and returns reach product in publish order;
 * ProductChanged carries the product, so order's copy of a product moves forward in its own order.
 */

const id = (description: string) => Type.Integer({ minimum: 1, description });

export const PRODUCT_STATUSES = ['REGISTERED', 'SELL', 'SOLD_OUT', 'UNREGISTERED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

const StockLine = Type.Object({
  orderProductId: id('the order line'),
  productId: id('the product'),
  quantity: Type.Integer({ minimum: 1 }),
});

export const commerceEvents = defineEvents(
  {
    /** The seed's `order`: reserve every line, all or none. */
    OrderPlaced: Type.Object({ orderId: id('the order'), userId: id('the user'), lines: Type.Array(StockLine) }),
    /** Every line's stock is taken. */
    StockReserved: Type.Object({ orderId: id('the order') }),
    /** The seed's `orderReject`: a line was short (or no longer on sale), so nothing was taken. */
    StockShortage: Type.Object({
      orderId: id('the order'),
      productId: id('the first product that was short'),
      reason: Type.Union([Type.Literal('out-of-stock'), Type.Literal('not-on-sale')]),
      requested: Type.Integer({ minimum: 1 }),
      available: Type.Integer({ minimum: 0 }),
    }),
    /** The seed's `orderCancel`: a line the seller rejected or canceled gives its quantity back. */
    OrderLineReleased: Type.Composite([
      Type.Object({ orderId: id('the order') }),
      StockLine,
      Type.Object({ cause: Type.Union([Type.Literal('seller-reject'), Type.Literal('user-cancel')]) }),
    ]),
    /** The line's quantity is back in stock. */
    StockReturned: Type.Composite([Type.Object({ orderId: id('the order') }), StockLine]),
    /**
     * One of a user's delivery addresses as it now is, or `address: null` once removed: order keeps a copy, so
     * placing an order needs no call to user.
     */
    AddressChanged: Type.Object({
      userId: id('the user'),
      addressId: id('the address'),
      address: Type.Union([
        Type.Object({
          receiver: Type.String(),
          address1: Type.String(),
          address2: Type.String(),
          zipcode: Type.String(),
          phone: Type.String(),
          receive_type: Type.String(),
          receive_message: Type.String(),
        }),
        Type.Null(),
      ]),
    }),
    /** A buyer reviewed a delivered line (the seed's review id written back into the order). */
    ReviewWritten: Type.Object({
      orderId: id('the order'),
      orderProductId: id('the order line'),
      reviewId: id('the review'),
    }),
    /** A product as order needs to know it: who sells it, its name and price, and whether it is on sale. */
    ProductChanged: Type.Object({
      productId: id('the product'),
      sellerId: id('its seller'),
      name: Type.String(),
      price: Type.Integer({ minimum: 0 }),
      status: Type.Union(PRODUCT_STATUSES.map((s) => Type.Literal(s))),
      stock: Type.Integer({ minimum: 0 }),
      version: Type.Integer({ minimum: 1, description: 'grows with every change; an older copy never wins' }),
    }),
  },
  {
    // One product's changes, one user's addresses and one order's events each apply in publish order.
    subject: (type, data) => {
      if (type === 'ProductChanged') return `product-${(data as { productId: number }).productId}`;
      if (type === 'AddressChanged') return `user-${(data as { userId: number }).userId}`;
      return orderSubject(data);
    },
  },
);

function orderSubject(data: unknown): string {
  return String((data as { orderId: number }).orderId);
}

type Schemas = typeof commerceEvents.schemas;
export type EventData<K extends keyof Schemas> = Static<Schemas[K]>;
export type OrderPlaced = EventData<'OrderPlaced'>;
export type StockShortage = EventData<'StockShortage'>;
export type OrderLineReleased = EventData<'OrderLineReleased'>;
export type ProductChanged = EventData<'ProductChanged'>;
export type AddressChanged = EventData<'AddressChanged'>;

/** Builds a domain event typed by its name; the subject comes from the catalog's rule. */
export const commerceEvent = commerceEvents.event;
