import { on } from '@mosaic/kit/messaging';
import { roomsEvents } from '../contracts/events.ts';
import { applyToBooking, type BookingContext } from './commands.ts';
import { confirm } from './domain.ts';
import type { BookingTables } from './store.ts';

/** An admin's approval reaches the booking by event; its denial came synchronously (commands.ts denyBooking). */
export const approval = on<typeof roomsEvents.schemas, BookingTables, BookingContext>(roomsEvents, {
  ConfirmCompleted: (event, tx, ctx) => applyToBooking(ctx, tx, event.data.bookingId, confirm),
});
