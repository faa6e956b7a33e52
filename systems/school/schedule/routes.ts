import type { GatewayRoute } from '@mosaic/kit/gateway';
import {
  dayParams,
  monthParams,
  scheduleBody,
  scheduleParams,
  timetableQuery,
  timetableUploadBody,
} from './schemas.ts';

const service = 'schedule';

/**
 * The schedule service's gateway routes (spec §1.4) with the seed's cache keys (spec §3.6). Any signed-in
 * caller reaches the calendar routes: the service answers a wrong role with 403 code 0 (the seed said 401,
 * though it knew the caller), after checking, as the seed, that an entry to delete exists. A month's
 * calendar is the same for everyone, so it is shared; a timetable is the caller's own class's (private,
 * 24 h), and uploading a month's timetable clears them (the seed never had to: its timetable never changed).
 */
export const scheduleRoutes: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/v1/schedules',
    service,
    schema: { body: scheduleBody },
    invalidates: ['schedules*'],
    summary: 'Add a calendar entry (teachers, admins)',
  },
  {
    method: 'GET',
    path: '/v1/schedules/years/:year/months/:month',
    service,
    schema: { params: monthParams },
    cache: { key: 'schedules.years.:year.months.:month' },
    summary: "A month's calendar",
  },
  {
    method: 'PATCH',
    path: '/v1/schedules/uuid/:schedule_uuid',
    service,
    schema: { params: scheduleParams, body: scheduleBody },
    invalidates: ['schedules*'],
    summary: 'Replace a calendar entry (teachers, admins)',
  },
  {
    method: 'DELETE',
    path: '/v1/schedules/uuid/:schedule_uuid',
    service,
    schema: { params: scheduleParams },
    invalidates: ['schedules*'],
    summary: 'Delete a calendar entry (teachers, admins)',
  },
  {
    method: 'GET',
    path: '/v1/time-tables/years/:year/months/:month/days/:day',
    service,
    schema: { params: dayParams, querystring: timetableQuery },
    cache: {
      key: 'students.{claims:sub}.timetable.years.:year.months.:month.days.:day.count.{query:count}',
      ttlSec: 24 * 3600,
      private: true,
    },
    summary: "The caller's class timetable for one or more days (students)",
  },
  {
    method: 'PUT',
    path: '/v1/time-tables/years/:year/months/:month',
    service,
    auth: ['admin'],
    schema: { params: monthParams, body: timetableUploadBody },
    invalidates: ['students.*.timetable.*'],
    summary: "Replace a month's timetable for every class (admins)",
  },
];
