import { defineService } from '@mosaic/kit/service';
import { BOOKING_BREAKER, BOOKING_TIMEOUT_MS } from './clients.ts';
import { confirmEndpoints } from './endpoints.ts';
import { queue } from './policies.ts';
import { type ConfirmTables, migrations } from './store.ts';

/** confirm: every new booking becomes a request in the admins' queue; an admin approves or denies it. */
export const confirmService = defineService<ConfirmTables, 'booking'>({
  name: 'confirm',
  system: 'rooms',
  migrations,
  endpoints: confirmEndpoints,
  policies: { queue },
  // A denial asks booking synchronously; the call is idempotent, so one retry on another instance is safe.
  clients: { booking: { timeoutMs: BOOKING_TIMEOUT_MS, breaker: BOOKING_BREAKER, retry: { attempts: 1 } } },
});
