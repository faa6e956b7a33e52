import { on } from '@mosaic/kit/messaging';
import { fishEvents } from '../contracts/events.ts';
import { cancelForOrder, receivePaidOrder, type StoreContext } from './commands.ts';
import type { StoreTables } from './store.ts';

/** One group for both, so PayApproved and OrderCanceled of one order are applied in publish order. */
export const orders = on<typeof fishEvents.schemas, StoreTables, StoreContext>(fishEvents, {
  PayApproved: (event, tx, ctx) => receivePaidOrder(tx, event.data, ctx.clock().toISOString()),
  OrderCanceled: (event, tx, ctx) => cancelForOrder(tx, event.data, ctx.clock().toISOString()),
});
