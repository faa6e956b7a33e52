import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UuidEnvelope } from './envelopes.ts';
import {
  clubForm,
  type Expected,
  type MatrixRow,
  newClub,
  newRecruitment,
  roleMismatches,
  rowName,
  type Who,
} from './school-campus-fixtures.ts';
import { type Account, type School, startSchool } from './school-fixtures.ts';

/**
 * Every club route × every caller → the spec's status (§1.2), through the gateway: reads are for students
 * and admins (a teacher or parent 403 with code 0; `GET /v1/clubs` also lets teachers in); a club is managed
 * by its leader or an admin (another student 403 -1712, a teacher or parent 403 -1711); without a token 401
 * -101; the logo is public. Where the caller is allowed, the club is in a state that answers without
 * destroying it (e.g. adding an existing member: 409 -1701), so every row runs against the same club.
 */

let s: School;
let tokens: Record<Who, string | undefined>;
let leader: Account;
let member: Account;
let outsider: Account;
let clubUuid: string;
beforeAll(async () => {
  s = await startSchool();
  leader = await s.newStudent();
  member = await s.newStudent();
  outsider = await s.newStudent();
  const [student, teacher, parent] = [await s.newStudent(), await s.newTeacher(), await s.newParent([])];
  tokens = {
    anonymous: undefined,
    student: student.token,
    leader: leader.token,
    teacher: teacher.token,
    parent: parent.token,
    admin: s.adminToken,
  };
  clubUuid = await newClub(s, leader, [member]);
  await newRecruitment(s, leader.token, clubUuid);
});
afterAll(() => s?.close());

/** The club's recruitment in progress, opened anew (by the admin) when the last one was closed. */
async function currentRecruitment(): Promise<string> {
  const current = await s
    .as(s.adminToken)
    .get<UuidEnvelope<'recruitment_uuid'>>(`/v1/clubs/uuid/${clubUuid}/recruitment-uuid`);
  if (current.status === 200) return current.body.recruitment_uuid;
  return newRecruitment(s, s.adminToken, clubUuid);
}

const READ: Record<Who, Expected> = {
  anonymous: [401, -101],
  student: 200,
  leader: 200,
  teacher: [403, 0],
  parent: [403, 0],
  admin: 200,
};

/** A leader's route: `allowed` is what the leader and the admin get. */
const manage = (allowed: Expected): Record<Who, Expected> => ({
  anonymous: [401, -101],
  student: [403, -1712],
  leader: allowed,
  teacher: [403, -1711],
  parent: [403, -1711],
  admin: allowed,
});

const rows: MatrixRow[] = [
  {
    method: 'POST',
    route: '/v1/clubs',
    path: () => '/v1/clubs',
    // The admin's form founds a new club each time: a fresh leader is made for it below.
    body: (who) => clubForm(who === 'admin' ? freshLeaders.shift()! : outsider.uuid, []),
    expect: {
      anonymous: [401, -101],
      student: [403, 0],
      leader: [403, 0],
      teacher: [403, 0],
      parent: [403, 0],
      admin: 201,
    },
  },
  {
    method: 'GET',
    route: '/v1/clubs/sorted-by/update-time',
    path: () => '/v1/clubs/sorted-by/update-time',
    expect: READ,
  },
  {
    method: 'GET',
    route: '/v1/recruitments/sorted-by/create-time',
    path: () => '/v1/recruitments/sorted-by/create-time',
    expect: READ,
  },
  { method: 'GET', route: '/v1/clubs/uuid/:club_uuid', path: () => `/v1/clubs/uuid/${clubUuid}`, expect: READ },
  {
    method: 'GET',
    route: '/v1/clubs',
    path: () => `/v1/clubs?club_uuids=${clubUuid}`,
    expect: { ...READ, teacher: 200 },
  },
  {
    method: 'GET',
    route: '/v1/recruitments/uuid/:recruitment_uuid',
    path: async () => `/v1/recruitments/uuid/${await currentRecruitment()}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/v1/clubs/uuid/:club_uuid/recruitment-uuid',
    path: () => `/v1/clubs/uuid/${clubUuid}/recruitment-uuid`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/v1/recruitment-uuids',
    path: () => `/v1/recruitment-uuids?club_uuids=${clubUuid}`,
    expect: READ,
  },
  { method: 'GET', route: '/v1/clubs/property/fields', path: () => '/v1/clubs/property/fields', expect: READ },
  { method: 'GET', route: '/v1/clubs/count', path: () => '/v1/clubs/count', expect: READ },
  { method: 'GET', route: '/v1/recruitments/count', path: () => '/v1/recruitments/count', expect: READ },
  {
    method: 'GET',
    route: '/v1/leaders/uuid/:leader_uuid/club-uuid',
    path: () => `/v1/leaders/uuid/${leader.uuid}/club-uuid`,
    expect: READ,
  },
  {
    method: 'DELETE',
    route: '/v1/clubs/uuid/:club_uuid',
    path: async () => {
      await currentRecruitment();
      return `/v1/clubs/uuid/${clubUuid}`;
    },
    expect: manage([409, -1901]),
  },
  {
    method: 'POST',
    route: '/v1/clubs/uuid/:club_uuid/members',
    path: () => `/v1/clubs/uuid/${clubUuid}/members`,
    body: () => ({ student_uuid: member.uuid }),
    expect: manage([409, -1701]),
  },
  {
    method: 'DELETE',
    route: '/v1/clubs/uuid/:club_uuid/members/:student_uuid',
    path: () => `/v1/clubs/uuid/${clubUuid}/members/${outsider.uuid}`,
    expect: manage([404, -1723]),
  },
  {
    method: 'PUT',
    route: '/v1/clubs/uuid/:club_uuid/leader',
    path: () => `/v1/clubs/uuid/${clubUuid}/leader`,
    body: () => ({ new_leader_uuid: leader.uuid }),
    expect: manage([409, -1801]),
  },
  {
    method: 'PATCH',
    route: '/v1/clubs/uuid/:club_uuid',
    path: () => `/v1/clubs/uuid/${clubUuid}`,
    body: () => {
      const form = new FormData();
      form.set('link', 'https://example.com/club');
      return form;
    },
    expect: manage([200, 0]),
  },
  {
    method: 'GET',
    route: '/v1/clubs/uuid/:club_uuid/logo',
    path: () => `/v1/clubs/uuid/${clubUuid}/logo`,
    expect: { anonymous: 200, student: 200, leader: 200, teacher: 200, parent: 200, admin: 200 },
  },
  {
    method: 'POST',
    route: '/v1/recruitments',
    path: async () => {
      await currentRecruitment();
      return '/v1/recruitments';
    },
    body: () => ({ club_uuid: clubUuid, recruit_concept: '또 모집', members: [{ grade: 1, field: 'SW', number: 1 }] }),
    expect: manage([409, -2001]),
  },
  {
    method: 'PATCH',
    route: '/v1/recruitments/uuid/:recruitment_uuid',
    path: async () => `/v1/recruitments/uuid/${await currentRecruitment()}`,
    body: () => ({ recruit_concept: '같은 모집' }),
    expect: manage([200, 0]),
  },
  {
    method: 'DELETE',
    route: '/v1/recruitments/uuid/:recruitment_uuid',
    // The leader closes one, and the admin the next: each allowed call gets a recruitment in progress.
    path: async () => `/v1/recruitments/uuid/${await currentRecruitment()}`,
    expect: manage([200, 0]),
  },
];

const freshLeaders: string[] = [];

describe('club routes × roles', () => {
  it('covers every club route of the gateway', async () => {
    const { school } = await import('../system.ts');
    const published = school.gateway.routes.filter((r) => r.service === 'club');
    expect(rows.map((r) => `${r.method} ${r.route}`).sort()).toEqual(
      published.map((r) => `${String(r.method)} ${r.path}`).sort(),
    );
  });

  it.each(rows.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    if (row.route === '/v1/clubs' && row.method === 'POST') freshLeaders.push((await s.newStudent()).uuid);
    expect(await roleMismatches(s, tokens, row)).toEqual([]);
  });
});
