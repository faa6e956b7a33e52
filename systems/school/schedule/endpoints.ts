import { created, endpointsOf } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { requireCaller, requireRole } from '../contracts/identity.ts';
import {
  addSchedule,
  changeSchedule,
  monthSchedules,
  removeSchedule,
  type ScheduleContext,
  studentTimetable,
  uploadTimetable,
} from './commands.ts';
import { midnightMs, type Schedule, type TimetableDay } from './domain.ts';
import {
  dayParams,
  monthParams,
  scheduleBody,
  scheduleParams,
  timetableQuery,
  timetableUploadBody,
} from './schemas.ts';

/**
 * The schedule service's routes (spec §1.4) with the seed's cache keys (spec §3.6). Any signed-in caller
 * reaches the calendar routes: the service answers a wrong role with 403 code 0 (the seed said 401, though it
 * knew the caller), after checking, as the seed, that an entry to delete exists. A month's calendar is the
 * same for everyone, so it is shared; a timetable is the caller's own class's (private, 24 h), and uploading a
 * month's timetable clears them (the seed never had to: its timetable never changed).
 */
const endpoint = endpointsOf<ScheduleContext>();

/** The seed's names for the periods of a school day, first to seventh. */
const PERIOD_FIELDS = ['time1', 'time2', 'time3', 'time4', 'time5', 'time6', 'time7'] as const;
type Periods = Record<(typeof PERIOD_FIELDS)[number], string>;
type ScheduleFields = { start_date: number; end_date: number; detail: string };

const input = ({ start_date, end_date, detail }: ScheduleFields) => ({
  startDate: start_date,
  endDate: end_date,
  detail,
});

/** A change may touch any month (an entry's dates may move), so every cached month is cleared. */
const calendarChange = { invalidates: ['schedules*'] };

const addEntry = endpoint({
  method: 'POST',
  path: '/v1/schedules',
  body: scheduleBody,
  summary: 'Add a calendar entry (teachers, admins)',
  gateway: calendarChange,
  handle: async (ctx, { body, caller }) => {
    const schedule = await addSchedule(ctx)(requireCaller(caller), input(body));
    return created(ok(201, 'schedule added', { schedule_uuid: schedule.scheduleUuid }));
  },
});

const month = endpoint({
  method: 'GET',
  path: '/v1/schedules/years/:year/months/:month',
  params: monthParams,
  summary: "A month's calendar",
  gateway: { cache: { key: 'schedules.years.:year.months.:month' } },
  handle: async (ctx, { params, caller }) => {
    requireCaller(caller);
    const found = await monthSchedules(ctx)(params);
    return ok(200, `${found.length} schedules in ${params.year}-${params.month}`, {
      schedules: found.map(scheduleJson),
    });
  },
});

const changeEntry = endpoint({
  method: 'PATCH',
  path: '/v1/schedules/uuid/:schedule_uuid',
  params: scheduleParams,
  body: scheduleBody,
  summary: 'Replace a calendar entry (teachers, admins)',
  gateway: calendarChange,
  handle: async (ctx, { params, body, caller }) => {
    await changeSchedule(ctx)(requireCaller(caller), params.schedule_uuid, input(body));
    return ok(200, 'schedule changed');
  },
});

const removeEntry = endpoint({
  method: 'DELETE',
  path: '/v1/schedules/uuid/:schedule_uuid',
  params: scheduleParams,
  summary: 'Delete a calendar entry (teachers, admins)',
  gateway: calendarChange,
  handle: async (ctx, { params, caller }) => {
    await removeSchedule(ctx)(requireCaller(caller), params.schedule_uuid);
    return ok(200, 'schedule deleted');
  },
});

const timetable = endpoint({
  method: 'GET',
  path: '/v1/time-tables/years/:year/months/:month/days/:day',
  params: dayParams,
  query: timetableQuery,
  summary: "The caller's class timetable for one or more days (students)",
  gateway: {
    cache: {
      key: 'students.{claims:sub}.timetable.years.:year.months.:month.days.:day.count.{query:count}',
      ttlSec: 24 * 3600,
      private: true,
    },
  },
  handle: async (ctx, { params, query, caller }) => {
    const { year, month, day } = params;
    const count = query.count > 0 ? query.count : 1;
    const days = await studentTimetable(ctx)(requireCaller(caller), year, month, day, count);
    // The seed's two shapes: one day bare, several in a list.
    if (count <= 1) return ok(200, `timetable of ${days[0]?.date}`, periodsJson(days[0]));
    return ok(200, `timetable of ${count} days from ${days[0]?.date}`, { time_tables: days.map(periodsJson) });
  },
});

const uploadMonth = endpoint({
  method: 'PUT',
  path: '/v1/time-tables/years/:year/months/:month',
  params: monthParams,
  body: timetableUploadBody,
  summary: "Replace a month's timetable for every class (admins)",
  gateway: { auth: ['admin'], invalidates: ['students.*.timetable.*'] },
  handle: async (ctx, { params, body, caller }) => {
    requireRole(caller, ['admin']);
    const entries = body.time_tables.map((entry) => ({
      day: entry.day,
      grade: entry.grade,
      group: entry.group,
      periods: PERIOD_FIELDS.map((field) => entry[field] ?? ''),
    }));
    const stored = await uploadTimetable(ctx)(params, entries);
    return ok(200, `the timetable of ${params.year}-${params.month} is replaced`, { count: stored });
  },
});

export const scheduleEndpoints = [addEntry, month, changeEntry, removeEntry, timetable, uploadMonth];

function scheduleJson(schedule: Schedule) {
  return {
    schedule_uuid: schedule.scheduleUuid,
    start_date: midnightMs(schedule.startDate),
    end_date: midnightMs(schedule.endDate),
    detail: schedule.detail,
  };
}

function periodsJson(day: TimetableDay | undefined): Periods {
  const periods = day?.periods ?? [];
  return Object.fromEntries(PERIOD_FIELDS.map((field, i) => [field, periods[i] ?? ''])) as Periods;
}
