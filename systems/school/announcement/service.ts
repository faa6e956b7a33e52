import { defineService } from '@mosaic/kit/service';
import { serviceErrorBody } from '../contracts/envelope.ts';
import { LOOKUP_BREAKER, LOOKUP_TIMEOUT_MS } from './clients.ts';
import { announcementEndpoints } from './endpoints.ts';
import { type AnnouncementTables, migrations } from './store.ts';

const lookup = { timeoutMs: LOOKUP_TIMEOUT_MS, breaker: LOOKUP_BREAKER, retry: { attempts: 1 } };

/**
 * School and club announcements (spec §1.5, §2.3). Asks auth where a student sits and what a writer is
 * called, and club which club a student leads: only the endpoints that need an answer wait for one.
 */
export const announcementService = defineService<AnnouncementTables, 'auth' | 'club'>({
  name: 'announcement',
  system: 'school',
  migrations,
  endpoints: announcementEndpoints,
  clients: { auth: lookup, club: lookup },
  errorBody: serviceErrorBody,
});
