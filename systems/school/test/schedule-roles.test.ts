import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import type { UuidEnvelope } from './envelopes.ts';
import { type Expected, type MatrixRow, roleMismatches, rowName, type Who } from './school-campus-fixtures.ts';
import { type School, startSchool } from './school-fixtures.ts';

/**
 * Every schedule route × every caller → the spec's status (§1.4), through the gateway. A wrong role gets 403
 * code 0 from the service (the seed said 401 to a caller it knew); a calendar entry's delete checks that it
 * exists before the role; the timetable upload (ours) is the admin's, refused by the gateway with 403. Only
 * the caller without a token gets 401.
 */

let s: School;
let tokens: Record<Who, string | undefined>;
let existing: string;
const day = (date: string) => kstTime(date);
const entry = { start_date: day('2026-03-20'), end_date: day('2026-03-21'), detail: '행사' };

async function newSchedule(): Promise<string> {
  const added = await s.as(s.adminToken).post<UuidEnvelope<'schedule_uuid'>>('/v1/schedules', entry);
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  return added.body.schedule_uuid;
}

beforeAll(async () => {
  s = await startSchool();
  const [student, leader, teacher, parent] = [
    await s.newStudent(),
    await s.newStudent(),
    await s.newTeacher(),
    await s.newParent([]),
  ];
  tokens = {
    anonymous: undefined,
    student: student.token,
    leader: leader.token,
    teacher: teacher.token,
    parent: parent.token,
    admin: s.adminToken,
  };
  existing = await newSchedule();
});
afterAll(() => s?.close());

const STAFF = (allowed: Expected): Record<Who, Expected> => ({
  anonymous: [401, -101],
  student: [403, 0],
  leader: [403, 0],
  teacher: allowed,
  parent: [403, 0],
  admin: allowed,
});

const rows: MatrixRow[] = [
  { method: 'POST', route: '/v1/schedules', path: () => '/v1/schedules', body: () => entry, expect: STAFF(201) },
  {
    method: 'GET',
    route: '/v1/schedules/years/:year/months/:month',
    path: () => '/v1/schedules/years/2026/months/3',
    expect: { anonymous: [401, -101], student: 200, leader: 200, teacher: 200, parent: 200, admin: 200 },
  },
  {
    method: 'PATCH',
    route: '/v1/schedules/uuid/:schedule_uuid',
    path: () => `/v1/schedules/uuid/${existing}`,
    body: () => ({ ...entry, detail: '행사 (변경)' }),
    expect: STAFF(200),
  },
  {
    method: 'DELETE',
    route: '/v1/schedules/uuid/:schedule_uuid',
    // A fresh entry for every caller: the allowed ones really delete it.
    path: async () => `/v1/schedules/uuid/${await newSchedule()}`,
    expect: STAFF(200),
  },
  {
    method: 'DELETE',
    route: '/v1/schedules/uuid/:schedule_uuid',
    label: 'unknown entry',
    path: () => '/v1/schedules/uuid/schedule-0000000000000',
    expect: {
      anonymous: [401, -101],
      student: [404, 0],
      leader: [404, 0],
      teacher: [404, 0],
      parent: [404, 0],
      admin: [404, 0],
    },
  },
  {
    method: 'GET',
    route: '/v1/time-tables/years/:year/months/:month/days/:day',
    path: () => '/v1/time-tables/years/2026/months/3/days/10',
    expect: { anonymous: [401, -101], student: 200, leader: 200, teacher: [403, 0], parent: [403, 0], admin: [403, 0] },
  },
  {
    method: 'PUT',
    route: '/v1/time-tables/years/:year/months/:month',
    path: () => '/v1/time-tables/years/2030/months/1',
    body: () => ({ time_tables: [{ day: 2, grade: 1, group: 1, time1: '국어' }] }),
    expect: {
      anonymous: [401, -101],
      student: [403, 0],
      leader: [403, 0],
      teacher: [403, 0],
      parent: [403, 0],
      admin: 200,
    },
  },
];

describe('schedule routes × roles', () => {
  it('covers every schedule route of the gateway', async () => {
    const { school } = await import('../system.ts');
    const scheduleRoutes = school.gateway.routes.filter((r) => r.service === 'schedule');
    expect([...new Set(rows.map((r) => `${r.method} ${r.route}`))].sort()).toEqual(
      scheduleRoutes.map((r) => `${String(r.method)} ${r.path}`).sort(),
    );
  });

  it.each(rows.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    expect(await roleMismatches(s, tokens, row)).toEqual([]);
  });
});
