import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UuidEnvelope } from './envelopes.ts';
import { type Expected, type MatrixRow, newClub, roleMismatches, rowName, type Who } from './school-campus-fixtures.ts';
import { type Account, type School, startSchool } from './school-fixtures.ts';

/**
 * Every announcement route × every caller → the spec's status (§1.5), through the gateway. The gateway lets
 * any signed-in caller through (401 -101 without a token); the service decides and refuses with 403 -1000:
 * a student posts club announcements only and only as a leader; the writer or an admin rewrites; only the
 * writer deletes. The `teacher` of this matrix wrote the announcement at hand.
 */

let s: School;
let tokens: Record<Who, string | undefined>;
let writer: Account;
let student: Account;
let written: string;

async function announce(token: string, body: object = {}) {
  const response = await s.as(token).post<UuidEnvelope<'announcement_uuid'>>('/v1/announcements', {
    type: 'school',
    title: '공지',
    content: '{"content":"본문"}',
    target_grade: 123,
    target_group: 1234,
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.announcement_uuid;
}

beforeAll(async () => {
  s = await startSchool();
  writer = await s.newTeacher();
  student = await s.newStudent();
  const leader = await s.newStudent();
  await newClub(s, leader);
  const parent = await s.newParent([]);
  tokens = {
    anonymous: undefined,
    student: student.token,
    leader: leader.token,
    teacher: writer.token,
    parent: parent.token,
    admin: s.adminToken,
  };
  written = await announce(writer.token);
});
afterAll(() => s?.close());

const ANYONE: Record<Who, Expected> = {
  anonymous: [401, -101],
  student: 200,
  leader: 200,
  teacher: 200,
  parent: 200,
  admin: 200,
};
const body = (type: string) => () => ({ type, title: '새 공지', content: '{"c":1}', target_grade: 1, target_group: 1 });

const rows: MatrixRow[] = [
  {
    method: 'POST',
    route: '/v1/announcements',
    label: 'type school',
    path: () => '/v1/announcements',
    body: body('school'),
    expect: {
      anonymous: [401, -101],
      student: [403, -1000],
      leader: [403, -1000],
      teacher: 201,
      parent: 201,
      admin: 201,
    },
  },
  {
    method: 'POST',
    route: '/v1/announcements',
    label: 'type club',
    path: () => '/v1/announcements',
    body: body('club'),
    expect: { anonymous: [401, -101], student: [403, -1000], leader: 201, teacher: 201, parent: 201, admin: 201 },
  },
  {
    method: 'GET',
    route: '/v1/announcements/types/:type',
    path: () => '/v1/announcements/types/school',
    expect: ANYONE,
  },
  {
    method: 'GET',
    route: '/v1/announcements/types/:type/query/:search_query',
    path: () => `/v1/announcements/types/club/query/${encodeURIComponent('공지')}`,
    expect: ANYONE,
  },
  {
    method: 'GET',
    route: '/v1/announcements/writer-uuid/:writer_uuid',
    path: () => `/v1/announcements/writer-uuid/${writer.uuid}`,
    expect: ANYONE,
  },
  {
    method: 'GET',
    route: '/v1/announcements/uuid/:announcement_uuid',
    path: () => `/v1/announcements/uuid/${written}`,
    expect: ANYONE,
  },
  {
    method: 'PATCH',
    route: '/v1/announcements/uuid/:announcement_uuid',
    path: () => `/v1/announcements/uuid/${written}`,
    body: () => ({ title: '고친 공지', content: '{"c":2}', target_grade: 123, target_group: 1234 }),
    expect: {
      anonymous: [401, -101],
      student: [403, -1000],
      leader: [403, -1000],
      teacher: 200,
      parent: [403, -1000],
      admin: 200,
    },
  },
  {
    method: 'DELETE',
    route: '/v1/announcements/uuid/:announcement_uuid',
    // A fresh one for every caller, so the writer's own delete finds it there.
    path: async () => `/v1/announcements/uuid/${await announce(writer.token)}`,
    expect: {
      anonymous: [401, -101],
      student: [403, -1000],
      leader: [403, -1000],
      teacher: 200,
      parent: [403, -1000],
      admin: [403, -1000],
    },
  },
  {
    method: 'GET',
    route: '/v1/students/uuid/:student_uuid/announcement-check',
    path: () => `/v1/students/uuid/${student.uuid}/announcement-check`,
    expect: ANYONE,
  },
];

describe('announcement routes × roles', () => {
  it('covers every announcement route of the gateway', async () => {
    const { school } = await import('../system.ts');
    const published = school.gateway.routes.filter((r) => r.service === 'announcement');
    expect([...new Set(rows.map((r) => `${r.method} ${r.route}`))].sort()).toEqual(
      published.map((r) => `${String(r.method)} ${r.path}`).sort(),
    );
  });

  it.each(rows.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    expect(await roleMismatches(s, tokens, row)).toEqual([]);
  });
});
