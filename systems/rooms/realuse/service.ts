import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { useSaga } from '../sagas.ts';
import { BOOKING_BREAKER, BOOKING_TIMEOUT_MS } from './clients.ts';
import type { RealuseContext } from './commands.ts';
import { realuseEndpoints } from './endpoints.ts';
import { migrations, type RealuseTables } from './store.ts';

/**
 * realuse: check-in and check-out of a confirmed booking. booking is asked synchronously for both (it owns the
 * booking's status); the seed deleted the booking at check-out (R-B11) and checked nothing at check-in (R-B7).
 */
export const realuseService = defineService<RealuseTables, 'booking'>({
  name: 'realuse',
  system: 'rooms',
  migrations,
  endpoints: realuseEndpoints,
  sagas: [keeps<RealuseContext>(useSaga)],
  // Both moves are idempotent on booking's side: one retry on another instance is safe.
  clients: { booking: { timeoutMs: BOOKING_TIMEOUT_MS, breaker: BOOKING_BREAKER, retry: { attempts: 1 } } },
});
