import { defineService } from '@mosaic/kit/service';
import { serviceErrorBody } from '../contracts/envelope.ts';
import { AUTH_BREAKER, AUTH_TIMEOUT_MS } from './clients.ts';
import { clubEndpoints } from './endpoints/index.ts';
import { migrations } from './store/migrations.ts';
import type { ClubTables } from './store/tables.ts';

/** Clubs and recruitments (spec §1.2, §2.4); asks auth whether students exist. */
export const clubService = defineService<ClubTables, 'auth'>({
  name: 'club',
  system: 'school',
  migrations,
  endpoints: clubEndpoints,
  clients: { auth: { timeoutMs: AUTH_TIMEOUT_MS, breaker: AUTH_BREAKER, retry: { attempts: 1 } } },
  errorBody: serviceErrorBody,
});
