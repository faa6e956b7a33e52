import { defineSaga } from '@mosaic/kit/sagas';

/** How long an order may wait for its payment before the order decides the payment request died. */
export const PAYMENT_STEP_TIMEOUT_MS = 60_000;

/**
 * An order's life across the four services (spec (a)): paid at once by a call to payment, prepared by the
 * store's owner, delivered by a rider. A cancel (the customer's, or a payment that failed) is undone by each
 * participant that had done its part. The order service keeps each order's record (`/admin/sagas/order/<id>`),
 * and MyPage shows the customer the same story.
 */
export const orderSaga = defineSaga({
  name: 'order',
  owner: 'order',
  subject: 'orderId',
  steps: [
    {
      name: 'pay',
      by: 'payment',
      call: true,
      on: 'OrderPlaced',
      done: 'PayApproved',
      compensate: 'PayCanceled',
      // A crash or a lost connection between saving the order and settling its payment leaves it PENDING.
      timeoutMs: PAYMENT_STEP_TIMEOUT_MS,
    },
    { name: 'prepare', by: 'store', on: 'PayApproved', done: 'OrderTaken', compensate: 'ReceiveCanceled' },
    {
      name: 'deliver',
      by: 'delivery',
      on: 'OrderTaken',
      started: 'DeliveryStarted',
      done: 'DeliveryCompleted',
      compensate: 'DeliveryCanceled',
    },
  ],
  cancelledBy: 'OrderCanceled',
});
