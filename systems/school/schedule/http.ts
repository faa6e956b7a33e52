import type { FastifyInstance } from 'fastify';
import { ok, useEnvelopeErrors } from '../contracts/envelope.ts';
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
import { midnightMs, PERIODS, type Schedule, type TimetableDay } from './domain.ts';
import {
  dayParams,
  monthParams,
  scheduleBody,
  scheduleParams,
  timetableQuery,
  timetableUploadBody,
} from './schemas.ts';

type ScheduleBody = { start_date: number; end_date: number; detail: string };
type Month = { year: number; month: number };
type Periods = Record<`time${1 | 2 | 3 | 4 | 5 | 6 | 7}`, string>;

export function scheduleRoutes(app: FastifyInstance, ctx: ScheduleContext) {
  useEnvelopeErrors(app);
  const input = ({ start_date, end_date, detail }: ScheduleBody) => ({
    startDate: start_date,
    endDate: end_date,
    detail,
  });

  app.post<{ Body: ScheduleBody }>('/v1/schedules', { schema: { body: scheduleBody } }, async (request, reply) => {
    const schedule = await addSchedule(ctx)(requireCaller(request), input(request.body));
    return reply.code(201).send(ok(201, 'schedule added', { schedule_uuid: schedule.scheduleUuid }));
  });

  app.get<{ Params: Month }>(
    '/v1/schedules/years/:year/months/:month',
    { schema: { params: monthParams } },
    async (request) => {
      requireCaller(request);
      const found = await monthSchedules(ctx)(request.params);
      return ok(200, `${found.length} schedules in ${request.params.year}-${request.params.month}`, {
        schedules: found.map(scheduleJson),
      });
    },
  );

  app.patch<{ Params: { schedule_uuid: string }; Body: ScheduleBody }>(
    '/v1/schedules/uuid/:schedule_uuid',
    { schema: { params: scheduleParams, body: scheduleBody } },
    async (request) => {
      await changeSchedule(ctx)(requireCaller(request), request.params.schedule_uuid, input(request.body));
      return ok(200, 'schedule changed');
    },
  );

  app.delete<{ Params: { schedule_uuid: string } }>(
    '/v1/schedules/uuid/:schedule_uuid',
    { schema: { params: scheduleParams } },
    async (request) => {
      await removeSchedule(ctx)(requireCaller(request), request.params.schedule_uuid);
      return ok(200, 'schedule deleted');
    },
  );

  app.get<{ Params: Month & { day: number }; Querystring: { count: number } }>(
    '/v1/time-tables/years/:year/months/:month/days/:day',
    { schema: { params: dayParams, querystring: timetableQuery } },
    async (request) => {
      const { year, month, day } = request.params;
      const count = request.query.count > 0 ? request.query.count : 1;
      const days = await studentTimetable(ctx)(requireCaller(request), year, month, day, count);
      // The seed's two shapes: one day bare, several in a list.
      if (count <= 1) return ok(200, `timetable of ${days[0]?.date}`, periodsJson(days[0]));
      return ok(200, `timetable of ${count} days from ${days[0]?.date}`, { time_tables: days.map(periodsJson) });
    },
  );

  app.put<{
    Params: Month;
    Body: { time_tables: (Partial<Periods> & { day: number; grade: number; group: number })[] };
  }>(
    '/v1/time-tables/years/:year/months/:month',
    { schema: { params: monthParams, body: timetableUploadBody } },
    async (request) => {
      requireRole(request, ['admin']);
      const entries = request.body.time_tables.map((entry) => ({
        day: entry.day,
        grade: entry.grade,
        group: entry.group,
        periods: Array.from({ length: PERIODS }, (_, i) => entry[`time${i + 1}` as keyof Periods] ?? ''),
      }));
      const stored = await uploadTimetable(ctx)(request.params, entries);
      return ok(200, `the timetable of ${request.params.year}-${request.params.month} is replaced`, {
        count: stored,
      });
    },
  );
}

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
  return Object.fromEntries(Array.from({ length: PERIODS }, (_, i) => [`time${i + 1}`, periods[i] ?? ''])) as Periods;
}
