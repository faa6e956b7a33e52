import { on } from '@mosaic/kit/messaging';
import { fishEvents } from '../contracts/events.ts';
import { cancelForOrder, type DeliveryContext, startDelivery } from './commands.ts';
import type { DeliveryTables } from './store.ts';

const now = (ctx: DeliveryContext) => ctx.clock().toISOString();

/** One group, so OrderTaken and the cancels of one order are applied in publish order. */
export const deliveries = on<typeof fishEvents.schemas, DeliveryTables, DeliveryContext>(fishEvents, {
  OrderTaken: (event, tx, ctx) => startDelivery(tx, event.data, now(ctx)),
  OrderCanceled: (event, tx, ctx) => cancelForOrder(tx, event.data.orderId, event.data, now(ctx)),
  ReceiveCanceled: (event, tx, ctx) => cancelForOrder(tx, event.data.orderId, undefined, now(ctx)),
});
