import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { approvalSaga } from '../sagas.ts';
import { type BookingContext, sweepNoShows } from './commands.ts';
import { bookingEndpoints } from './endpoints.ts';
import { approval } from './policies.ts';
import { type BookingTables, migrations } from './store.ts';

/** How often confirmed bookings are checked for a no-show: the room is free again within this of the deadline. */
export const NO_SHOW_SWEEP_MS = 5_000;

/** booking: the room catalogue and the bookings, never two standing bookings of one room at once. */
export const bookingService = defineService<BookingTables>({
  name: 'booking',
  system: 'rooms',
  migrations,
  endpoints: bookingEndpoints,
  policies: { approval },
  sagas: [keeps<BookingContext>(approvalSaga)],
  // A sweep rather than a saga step's timeout: the deadline is 15 minutes after the booking's own start, which
  // may be weeks after the approval that would start such a step (kit saga timeouts run from the step's start).
  started: (ctx) => ctx.every(NO_SHOW_SWEEP_MS, 'no-show sweep', () => sweepNoShows(ctx)),
});
