import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import type { OutingCreated, StudentRead } from './envelopes.ts';
import { type Account, type School, startSchool, testClock } from './school-fixtures.ts';

/**
 * The role matrix of auth and outing: every route × every kind of caller → the status the spec gives it,
 * through the gateway (401 without a token, 403 for a role the route does not admit, and the service's own
 * answer otherwise), and the envelope on every error. A failed sign-in is 401 for everyone alike: the login
 * routes are public, and the caller is not known until it succeeds.
 */
const clock = testClock('2026-03-10', '16:00');
let s: School;
let student: Account;
let teacher: Account;
let parent: Account;
let outing: string;

beforeAll(async () => {
  s = await startSchool({ clock: clock.clock });
  student = await s.newStudent();
  teacher = await s.newTeacher();
  const info = (await s.as(student.token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body;
  parent = await s.newParent([
    { grade: info.grade, group: info.group, student_number: info.student_number, name: info.name },
  ]);
  const created = await s.as(student.token).post<OutingCreated>('/v1/outings', {
    start_time: kstTime('2026-03-10', '17:00'),
    end_time: kstTime('2026-03-10', '19:00'),
    place: '병원',
    reason: '진료',
    situation: 'normal',
  });
  outing = created.body.outing_uuid;
});
afterAll(() => s?.close());

type Who = 'none' | 'student' | 'teacher' | 'parent' | 'admin';
type Expect = Record<Who, number>;
const all = (status: number): Expect => ({
  none: status,
  student: status,
  teacher: status,
  parent: status,
  admin: status,
});
const signedIn = (status: number): Expect => ({ ...all(status), none: 401 });
const only = (allowed: Partial<Record<Exclude<Who, 'none'>, number>>): Expect => ({ ...signedIn(403), ...allowed });

interface Row {
  method: string;
  path: () => string;
  body?: () => unknown;
  expect: Expect;
  /** A sign-in: its 401 is about the credentials in the body, whatever token came with them. */
  signIn?: true;
}

const WRONG_PW = { current_pw: 'not-it', revision_pw: 'whatever1' };
const NOBODY = '없는이름';

const ROWS: Record<string, Row> = {
  'GET jwks': { method: 'GET', path: () => '/.well-known/jwks.json', expect: all(200) },
  'POST login/admin (wrong id)': {
    method: 'POST',
    path: () => '/v1/login/admin',
    body: () => ({ admin_id: 'x', admin_pw: 'y' }),
    expect: all(401),
    signIn: true,
  },
  'POST login/student (wrong id)': {
    method: 'POST',
    path: () => '/v1/login/student',
    body: () => ({ student_id: 'x', student_pw: 'y' }),
    expect: all(401),
    signIn: true,
  },
  'POST login/teacher (wrong id)': {
    method: 'POST',
    path: () => '/v1/login/teacher',
    body: () => ({ teacher_id: 'x', teacher_pw: 'y' }),
    expect: all(401),
    signIn: true,
  },
  'POST login/parent (wrong id)': {
    method: 'POST',
    path: () => '/v1/login/parent',
    body: () => ({ parent_id: 'x', parent_pw: 'y' }),
    expect: all(401),
    signIn: true,
  },
  'POST students (JSON, not multipart)': {
    method: 'POST',
    path: () => '/v1/students',
    body: () => ({}),
    expect: only({ admin: 400 }),
  },
  'PUT student profile (JSON)': {
    method: 'PUT',
    path: () => `/v1/students/uuid/${student.uuid}/profile`,
    body: () => ({}),
    expect: only({ student: 400, admin: 400 }),
  },
  'GET profile image': { method: 'GET', path: () => `/v1/profiles/uuids/${student.uuid}`, expect: signedIn(200) },
  'GET student': { method: 'GET', path: () => `/v1/students/uuid/${student.uuid}`, expect: signedIn(200) },
  'PUT student password (wrong current)': {
    method: 'PUT',
    path: () => `/v1/students/uuid/${student.uuid}/password`,
    body: () => WRONG_PW,
    expect: only({ student: 409, admin: 409 }),
  },
  'GET student-uuids (none match)': {
    method: 'GET',
    path: () => `/v1/student-uuids?name=${encodeURIComponent(NOBODY)}`,
    expect: signedIn(409),
  },
  'POST students/with-uuids': {
    method: 'POST',
    path: () => '/v1/students/with-uuids',
    body: () => ({ student_uuids: [student.uuid] }),
    expect: signedIn(200),
  },
  'GET student parent': {
    method: 'GET',
    path: () => `/v1/students/uuid/${student.uuid}/parent`,
    expect: only({ student: 200, admin: 200 }),
  },
  'GET students/auth-code (unknown)': { method: 'GET', path: () => '/v1/students/auth-code/123456', expect: all(404) },
  'POST students/with-code (unknown)': {
    method: 'POST',
    path: () => '/v1/students/with-code',
    body: () => ({ auth_code: 123456, student_id: 'abcd', student_pw: 'abcd' }),
    expect: all(404),
  },
  'POST join-sms': { method: 'POST', path: () => '/v1/join-sms/unsigned-students', expect: only({ admin: 200 }) },
  'POST excel (JSON, not multipart)': {
    method: 'POST',
    path: () => '/v1/unsigned-students/parsed-by/excel',
    body: () => ({}),
    expect: only({ admin: 400 }),
  },
  'POST excel sheet (JSON, not multipart)': {
    method: 'POST',
    path: () => '/v1/unsigned-students/parsed-by/excel/sheets/1',
    body: () => ({}),
    expect: only({ admin: 400 }),
  },
  'POST teachers (id taken)': {
    method: 'POST',
    path: () => '/v1/teachers',
    body: () => ({ teacher_id: teacher.id, teacher_pw: 'pw-1234', name: '선생님', phone_number: '01012345678' }),
    expect: all(409),
  },
  'POST teacher certify': {
    method: 'POST',
    path: () => `/v1/teachers/uuid/${teacher.uuid}/certify`,
    expect: only({ admin: 200 }),
  },
  'PUT teacher password (wrong current)': {
    method: 'PUT',
    path: () => `/v1/teachers/uuid/${teacher.uuid}/password`,
    body: () => WRONG_PW,
    expect: only({ teacher: 409, admin: 409 }),
  },
  'GET teacher': { method: 'GET', path: () => `/v1/teachers/uuid/${teacher.uuid}`, expect: signedIn(200) },
  'PATCH teacher': {
    method: 'PATCH',
    path: () => `/v1/teachers/uuid/${teacher.uuid}`,
    body: () => ({}),
    expect: only({ teacher: 200, admin: 200 }),
  },
  'GET teacher-uuids (none match)': {
    method: 'GET',
    path: () => `/v1/teacher-uuids?name=${encodeURIComponent(NOBODY)}`,
    expect: signedIn(409),
  },
  'POST parents (id taken)': {
    method: 'POST',
    path: () => '/v1/parents',
    body: () => ({ parent_id: parent.id, parent_pw: 'pw-1234', name: '부모님', children: [] }),
    expect: only({ admin: 409 }),
  },
  'PUT parent password (wrong current)': {
    method: 'PUT',
    path: () => `/v1/parents/uuid/${parent.uuid}/password`,
    body: () => WRONG_PW,
    expect: only({ parent: 409, admin: 409 }),
  },
  'GET parent': { method: 'GET', path: () => `/v1/parents/uuid/${parent.uuid}`, expect: signedIn(200) },
  'GET parent-uuids (none match)': {
    method: 'GET',
    path: () => `/v1/parent-uuids?name=${encodeURIComponent(NOBODY)}`,
    expect: signedIn(409),
  },
  'GET parent children': {
    method: 'GET',
    path: () => `/v1/parents/uuid/${parent.uuid}/children`,
    expect: only({ parent: 200, admin: 200 }),
  },
  'GET notifications': { method: 'GET', path: () => '/v1/notifications', expect: only({ admin: 200 }) },
  'GET accounts/count': { method: 'GET', path: () => '/v1/accounts/count', expect: only({ admin: 200 }) },
  'POST signing-keys/rotate': { method: 'POST', path: () => '/v1/signing-keys/rotate', expect: only({ admin: 200 }) },

  'POST outings (start in the past)': {
    method: 'POST',
    path: () => '/v1/outings',
    body: () => ({
      start_time: kstTime('2026-03-10', '10:00'),
      end_time: kstTime('2026-03-10', '11:00'),
      place: 'p',
      reason: 'r',
      situation: 'normal',
    }),
    expect: only({ student: 400 }),
  },
  'GET student outings': {
    method: 'GET',
    path: () => `/v1/students/uuid/${student.uuid}/outings`,
    expect: only({ student: 200 }),
  },
  'GET outing': {
    method: 'GET',
    path: () => `/v1/outings/uuid/${outing}`,
    expect: only({ student: 200, parent: 200 }),
  },
  'GET outing card': { method: 'GET', path: () => `/v1/outings/uuid/${outing}/card`, expect: only({ student: 200 }) },
  'POST parent-approve (wrong code)': {
    method: 'POST',
    path: () => `/v1/outings/uuid/${outing}/actions/parent-approve?code=000000000000`,
    expect: all(404),
  },
  'POST parent-reject (wrong code)': {
    method: 'POST',
    path: () => `/v1/outings/uuid/${outing}/actions/parent-reject?code=000000000000`,
    expect: all(404),
  },
  'POST action start (not approved)': {
    method: 'POST',
    path: () => `/v1/outings/uuid/${outing}/actions/start`,
    expect: only({ student: 409, teacher: 403 }),
  },
  'GET outings/with-filter': { method: 'GET', path: () => '/v1/outings/with-filter', expect: only({ teacher: 200 }) },
  'GET outings/code (unknown)': { method: 'GET', path: () => '/v1/outings/code/000000000000', expect: all(404) },
  'PATCH outing end time': {
    method: 'PATCH',
    path: () => `/v1/outings/uuid/${outing}`,
    body: () => ({ end_time: kstTime('2026-03-10', '20:00') }),
    expect: only({ teacher: 200 }),
  },
  'GET outing settings': { method: 'GET', path: () => '/v1/outings/settings', expect: only({ admin: 200 }) },
  'PUT outing settings': {
    method: 'PUT',
    path: () => '/v1/outings/settings',
    body: () => ({ parent_approval: false }),
    expect: only({ admin: 200 }),
  },
};

const token = (who: Who) =>
  ({ none: undefined, student: student.token, teacher: teacher.token, parent: parent.token, admin: s.adminToken })[who];

async function send(row: Row, who: Who) {
  const bearer = token(who);
  const body = row.body?.();
  const response = await fetch(`${s.system.gatewayUrl}${row.path()}`, {
    method: row.method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // an image or other bytes
  }
  return { status: response.status, body: parsed };
}

describe('role matrix', () => {
  it.each(Object.keys(ROWS))('%s', async (name) => {
    const row = ROWS[name]!;
    const seen: Partial<Expect> = {};
    for (const who of ['none', 'student', 'teacher', 'parent', 'admin'] as const) {
      const response = await send(row, who);
      seen[who] = response.status;
      // 401 says "who are you?": never the answer to a caller with a token, whatever its role.
      if (who !== 'none' && !row.signIn) {
        expect(response.status, `${who}: ${JSON.stringify(response.body)}`).not.toBe(401);
      }
      if (response.status >= 400) {
        // The envelope on every error, whoever produced it (gateway or service).
        expect(response.body, `${who}: ${JSON.stringify(response.body)}`).toMatchObject({
          status: response.status,
          code: expect.any(Number),
          message: expect.any(String),
        });
      }
    }
    expect(seen).toEqual(row.expect);
  });

  it('logs every role out (401 without a token), after which the token no longer works', async () => {
    expect((await s.http.post('/v1/logout')).status).toBe(401);
    for (const account of [student, teacher, parent]) {
      const role = account.uuid.split('-')[0] as 'student' | 'teacher' | 'parent';
      const fresh = await s.login(role, account.id, account.password);
      expect((await s.as(fresh.token).post('/v1/logout')).status).toBe(200);
      expect((await s.as(fresh.token).get(`/v1/students/uuid/${student.uuid}`)).status).toBe(401);
    }
  });
});
