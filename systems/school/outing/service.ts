import { defineService } from '@mosaic/kit/service';
import { serviceErrorBody } from '../contracts/envelope.ts';
import { AUTH_BREAKER, AUTH_TIMEOUT_MS, CLUB_BREAKER, CLUB_TIMEOUT_MS } from './clients.ts';
import { outingEndpoints } from './endpoints.ts';
import { migrations, type OutingTables } from './store.ts';

/** Outing passes (외출증): apply, approve, go out, return, certify (spec §1.3, §2.2). */
export const outingService = defineService<OutingTables, 'auth' | 'club'>({
  name: 'outing',
  system: 'school',
  migrations,
  endpoints: outingEndpoints,
  clients: {
    auth: { timeoutMs: AUTH_TIMEOUT_MS, breaker: AUTH_BREAKER, retry: { attempts: 1 } },
    club: { timeoutMs: CLUB_TIMEOUT_MS, breaker: CLUB_BREAKER, retry: { attempts: 1 } },
  },
  errorBody: serviceErrorBody,
});
