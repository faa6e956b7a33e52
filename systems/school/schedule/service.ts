import { defineService } from '@mosaic/kit/service';
import { serviceErrorBody } from '../contracts/envelope.ts';
import { AUTH_BREAKER, AUTH_TIMEOUT_MS } from './clients.ts';
import { keepTimetables } from './commands.ts';
import { scheduleEndpoints } from './endpoints.ts';
import { migrations, type ScheduleTables } from './store.ts';

/** The school calendar and class timetables (spec §1.4, §2.5); asks auth for a student's class. */
export const scheduleService = defineService<ScheduleTables, 'auth'>({
  name: 'schedule',
  system: 'school',
  migrations,
  endpoints: scheduleEndpoints,
  clients: { auth: { timeoutMs: AUTH_TIMEOUT_MS, breaker: AUTH_BREAKER, retry: { attempts: 1 } } },
  errorBody: serviceErrorBody,
  started: keepTimetables,
});
