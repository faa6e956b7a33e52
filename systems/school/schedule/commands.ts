import type { ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation } from '@mosaic/kit/store';
import { epochSec, kstDate } from '../contracts/clock.ts';
import { badRequest, forbidden, notFound } from '../contracts/envelope.ts';
import type { Caller } from '../contracts/identity.ts';
import { placementOf } from './clients.ts';
import {
  calendarDay,
  consecutiveDays,
  dayOf,
  daysInMonth,
  expandWeek,
  fullDay,
  isSpan,
  type Schedule,
  type TimetableDay,
  thisAndNextMonth,
  type WeekPattern,
  type YearMonth,
} from './domain.ts';
import { newScheduleUuid, type ScheduleTables, schedules, timetables } from './store.ts';
import { loadTimetableWeek } from './timetable-week.ts';

export type ScheduleContext = ServiceContext<ScheduleTables, 'auth'>;

const now = (ctx: ScheduleContext) => ctx.clock().toISOString();

/**
 * The seed's schedule service answered a wrong role with 401 code 0 (spec §1.4). The caller is known, only
 * their role is wrong: that is 403 (spec §0's own rule), with the seed's code 0.
 */
function requireStaff(caller: Caller) {
  if (caller.role !== 'teacher' && caller.role !== 'admin') {
    throw forbidden(`only teachers and admins keep the calendar, not a ${caller.role}`);
  }
}

export interface ScheduleInput {
  /** Epoch seconds; the Korean day it falls on is kept. */
  startDate: number;
  endDate: number;
  detail: string;
}

function spanOf(input: ScheduleInput) {
  const startDate = dayOf(input.startDate);
  const endDate = dayOf(input.endDate);
  if (!isSpan(startDate, endDate)) {
    throw badRequest(`end_date (${endDate}) is before start_date (${startDate}); a schedule ends after it starts`);
  }
  return { startDate, endDate, detail: input.detail };
}

export const addSchedule = (ctx: ScheduleContext) => async (caller: Caller, input: ScheduleInput) => {
  requireStaff(caller);
  const schedule: Schedule = { scheduleUuid: newScheduleUuid(), ...spanOf(input) };
  await schedules(ctx.store.db).add(schedule, now(ctx));
  return schedule;
};

/** A full replace of the entry, as the seed. The role is checked first, then whether it exists. */
export const changeSchedule =
  (ctx: ScheduleContext) => async (caller: Caller, scheduleUuid: string, input: ScheduleInput) => {
    requireStaff(caller);
    const found = await schedules(ctx.store.db).find(scheduleUuid);
    if (!found) throw notFound(`schedule ${scheduleUuid} does not exist`);
    const changed = { scheduleUuid, ...spanOf(input) };
    await schedules(ctx.store.db).save(changed);
    return changed;
  };

/** As the seed: whether it exists is checked before the role. */
export const removeSchedule = (ctx: ScheduleContext) => async (caller: Caller, scheduleUuid: string) => {
  if (!(await schedules(ctx.store.db).find(scheduleUuid))) throw notFound(`schedule ${scheduleUuid} does not exist`);
  requireStaff(caller);
  await schedules(ctx.store.db).remove(scheduleUuid);
};

export const monthSchedules = (ctx: ScheduleContext) => (month: YearMonth) => schedules(ctx.store.db).ofMonth(month);

/** The caller's class timetable for `count` days from a day (a student's own, by their grade and class). */
export const studentTimetable =
  (ctx: ScheduleContext) => async (caller: Caller, year: number, month: number, day: number, count: number) => {
    if (caller.role !== 'student') throw forbidden(`timetables are for students, not a ${caller.role}`);
    const first = calendarDay(year, month, day);
    if (!first) throw badRequest(`${year}-${month}-${day} is not a day of the calendar`);
    const placement = await placementOf(ctx.clients.auth, caller, caller.uuid);
    if (!placement) throw notFound(`student ${caller.uuid} is unknown to auth`);
    return timetables(ctx.store.db).ofClass(placement.grade, placement.group, consecutiveDays(first, count));
  };

export interface UploadedDay {
  day: number;
  grade: number;
  group: number;
  periods: readonly string[];
}

/** An admin's timetable for a whole month: it replaces whatever the month had (the bundled week included). */
export const uploadTimetable = (ctx: ScheduleContext) => async (month: YearMonth, entries: readonly UploadedDay[]) => {
  const seen = new Set<string>();
  const days: TimetableDay[] = entries.map((entry, i) => {
    const date = calendarDay(month.year, month.month, entry.day);
    if (!date) {
      throw badRequest(`time_tables[${i}].day ${entry.day}: the month has ${daysInMonth(month)} days`, -203);
    }
    const key = `${date}/${entry.grade}/${entry.group}`;
    if (seen.has(key)) {
      throw badRequest(`time_tables[${i}] repeats day ${entry.day} of class ${entry.grade}-${entry.group}`, -203);
    }
    seen.add(key);
    return { date, grade: entry.grade, group: entry.group, periods: fullDay(entry.periods) };
  });
  await ctx.store.transaction((tx) => timetables(tx.db).replaceMonth(month, days, 'upload', now(ctx)));
  return days.length;
};

/**
 * Fills the current and next month (in Korea) from the bundled week, where no timetable is there yet; a
 * month an admin uploaded is never touched. Safe to run from several replicas at once: one wins, the rest
 * find the month taken.
 */
export const ensureTimetables = (ctx: ScheduleContext, week: WeekPattern) => async () => {
  const loaded: string[] = [];
  for (const month of thisAndNextMonth(kstDate(epochSec(ctx.clock())))) {
    try {
      const filled = await ctx.store.transaction(async (tx) => {
        if (await timetables(tx.db).hasMonth(month)) return false;
        await timetables(tx.db).replaceMonth(month, expandWeek(week, month), 'week', now(ctx));
        return true;
      });
      if (filled) loaded.push(`${month.year}-${month.month}`);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return loaded;
};

/** How often the service checks that the next month has a timetable (it may run across a month's end). */
const TIMETABLE_CHECK_MS = 60 * 60 * 1000;

/**
 * Before the service takes requests, so no student ever meets an empty month; then every hour. The bundled
 * week is read (and checked) once: a broken data file stops the start, not a later round.
 */
export async function keepTimetables(ctx: ScheduleContext) {
  const ensure = ensureTimetables(ctx, loadTimetableWeek());
  await ensure();
  // The first round runs at once and finds both months there; the later ones fill a new month in.
  ctx.every(TIMETABLE_CHECK_MS, 'loading the next month of timetables', async () => {
    const loaded = await ensure();
    if (loaded.length > 0) ctx.logger.info({ months: loaded }, 'timetables loaded from the bundled week');
  });
}
