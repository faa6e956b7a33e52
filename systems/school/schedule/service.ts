import { defineService } from '@mosaic/kit/service';
import { AUTH_BREAKER, AUTH_TIMEOUT_MS } from './clients.ts';
import { ensureTimetables } from './commands.ts';
import { scheduleRoutes } from './http.ts';
import { migrations, type ScheduleTables } from './store.ts';
import { loadTimetableWeek } from './timetable-week.ts';

/** How often the service checks that the next month has a timetable (it may run across a month's end). */
const TIMETABLE_CHECK_MS = 60 * 60 * 1000;

/** The school calendar and class timetables (spec §1.4, §2.5); asks auth for a student's class. */
export const scheduleService = defineService<ScheduleTables, 'auth'>({
  name: 'schedule',
  system: 'school',
  migrations,
  clients: { auth: { timeoutMs: AUTH_TIMEOUT_MS, breaker: AUTH_BREAKER, retry: { attempts: 1 } } },
  async routes(app, ctx) {
    // Before the service takes requests, so no student ever meets an empty month.
    await ensureTimetables(ctx, loadTimetableWeek())();
    scheduleRoutes(app, ctx);
  },
  background(ctx) {
    const ensure = ensureTimetables(ctx, loadTimetableWeek());
    const timer = setInterval(() => {
      ensure()
        .then((loaded) => {
          if (loaded.length > 0) ctx.logger.info({ months: loaded }, 'timetables loaded from the bundled week');
        })
        .catch((error) => ctx.logger.error({ err: error }, 'could not load the next month of timetables'));
    }, TIMETABLE_CHECK_MS);
    timer.unref();
    return async () => clearInterval(timer);
  },
});
