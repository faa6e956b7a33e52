import { on } from '@mosaic/kit/messaging';
import { roomsEvents } from '../contracts/events.ts';
import { bookingCancelled, type ConfirmContext, requestConfirm } from './commands.ts';
import type { ConfirmTables } from './store.ts';

/** One group for both, so a booking's request is made before its cancellation can withdraw it. */
export const queue = on<typeof roomsEvents.schemas, ConfirmTables, ConfirmContext>(roomsEvents, {
  BookingCreated: (event, tx, ctx) => requestConfirm(ctx, tx, event.data),
  BookingCancelled: (event, tx, ctx) => bookingCancelled(ctx, tx, event.data),
});
