import { defineSaga } from '@mosaic/kit/sagas';

/**
 * An order's stock (spec §7, the seed's `order` / `orderReject`): order saves it ORDER and asks product to
 * reserve every line at once; product answers StockReserved (all taken) or StockShortage (nothing taken).
 * A shortage cancels the saga with nothing to undo, so it has no compensation: the lines a seller rejects or
 * a user cancels later give their stock back on their own (OrderLineReleased), once each.
 *
 * No timeout: an order whose product service is down waits for it (the event is durable) rather than being
 * rejected while its reservation may still land.
 */
export const stockSaga = defineSaga({
  name: 'stock',
  owner: 'order',
  subject: 'orderId',
  steps: [{ name: 'reserve', by: 'product', on: 'OrderPlaced', done: 'StockReserved' }],
  cancelledBy: 'StockShortage',
});
