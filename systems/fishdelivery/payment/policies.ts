import { on } from '@mosaic/kit/messaging';
import { fishEvents } from '../contracts/events.ts';
import { cancelForOrder, type PaymentContext } from './commands.ts';
import type { PaymentTables } from './store.ts';

/** Whenever OrderCanceled then the order's payment is canceled (PayCanceled). */
export const orderCanceled = on<typeof fishEvents.schemas, PaymentTables, PaymentContext>(fishEvents, {
  OrderCanceled: (event, tx, ctx) => cancelForOrder(tx, event.data, ctx.clock().toISOString()),
});
