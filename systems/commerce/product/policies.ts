import { on } from '@mosaic/kit/messaging';
import { commerceEvents } from '../contracts/events.ts';
import type { ProductContext } from './commands.ts';
import { reserveOrder, returnLine } from './stock.ts';
import type { ProductTables } from './store.ts';

const now = (ctx: ProductContext) => ctx.clock().toISOString();

/** One group for both, so an order's reservation is always decided before any of its lines gives stock back. */
export const stock = on<typeof commerceEvents.schemas, ProductTables, ProductContext>(commerceEvents, {
  OrderPlaced: (event, tx, ctx) => reserveOrder(tx, event.data, now(ctx)),
  OrderLineReleased: (event, tx, ctx) => returnLine(tx, event.data, now(ctx)),
});
