import { on } from '@mosaic/kit/messaging';
import { commerceEvents } from '../contracts/events.ts';
import { addressBook } from './address-book.ts';
import { knownProducts } from './catalog.ts';
import { markReturned, markReviewed, type OrderContext, settleStock } from './commands.ts';
import type { OrderTables } from './store.ts';

type Schemas = typeof commerceEvents.schemas;
const now = (ctx: OrderContext) => ctx.clock().toISOString();

/** The stock saga's answers and the returns, in one group: one order's events apply in publish order. */
export const stock = on<Schemas, OrderTables, OrderContext>(commerceEvents, {
  StockReserved: (event, tx, ctx) => settleStock(tx, event.data.orderId, undefined, now(ctx)),
  StockShortage: (event, tx, ctx) => settleStock(tx, event.data.orderId, event.data, now(ctx)),
  StockReturned: (event, tx, ctx) => markReturned(tx, event.data.orderProductId, now(ctx)),
});

/** Order's copy of the users' delivery addresses. */
export const addresses = on<Schemas, OrderTables, OrderContext>(commerceEvents, {
  AddressChanged: (event, tx) => addressBook(tx.db).learn(event.data),
});

/** The buyer's review of a line, shown with the line. */
export const reviewed = on<Schemas, OrderTables, OrderContext>(commerceEvents, {
  ReviewWritten: (event, tx, ctx) => markReviewed(tx, event.data.orderProductId, event.data.reviewId, now(ctx)),
});

/** Order's copy of the catalog: what is on sale, who sells it, at what price. */
export const catalog = on<Schemas, OrderTables, OrderContext>(commerceEvents, {
  ProductChanged: (event, tx) => knownProducts(tx.db).learn(event.data),
});
