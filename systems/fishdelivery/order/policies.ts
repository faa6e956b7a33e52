import { type Envelope, on } from '@mosaic/kit/messaging';
import type { Tx } from '@mosaic/kit/store';
import { fishEvents } from '../contracts/events.ts';
import { type OrderContext, orderDelivered } from './commands.ts';
import type { OrderTables } from './store.ts';
import { MY_PAGE_EVENTS, MY_PAGE_GROUP, project } from './views.ts';

const now = (ctx: OrderContext) => ctx.clock().toISOString();

const toMyPage = (event: Envelope, tx: Tx<OrderTables>, ctx: OrderContext) => project(event, tx, now(ctx));

/** Every event of an order's life feeds MyPage; one group, so one order's events apply in order. */
export const myPage = on<typeof fishEvents.schemas, OrderTables, OrderContext>(
  fishEvents,
  Object.fromEntries(Object.keys(MY_PAGE_EVENTS).map((type) => [type, toMyPage])),
  { group: MY_PAGE_GROUP },
);

/** Whenever DeliveryCompleted then the order is DELIVERED (and can no longer be canceled). */
export const deliveryCompleted = on<typeof fishEvents.schemas, OrderTables, OrderContext>(fishEvents, {
  DeliveryCompleted: (event, tx, ctx) => orderDelivered(tx, event.data.orderId, now(ctx)),
});
