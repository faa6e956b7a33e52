import { type JsonResponse, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import type {
  Envelope,
  FilteredOutings,
  Notifications,
  OutingCard,
  OutingCreated,
  OutingRead,
  StudentOutings,
  StudentRead,
} from './envelopes.ts';
import { type Account, PNG, type School, startSchool, testClock } from './school-fixtures.ts';

const DAY = '2026-03-10';
const clock = testClock(DAY, '16:00');
let s: School;
let teacher: Account;
beforeAll(async () => {
  s = await startSchool({ clock: clock.clock });
  teacher = await s.newTeacher();
});
afterAll(() => s?.close());

const at = (time: string, date = DAY) => kstTime(date, time);
const application = (overrides: Record<string, unknown> = {}) => ({
  start_time: at('17:00'),
  end_time: at('19:00'),
  place: '병원',
  reason: '치과 진료',
  situation: 'normal',
  ...overrides,
});

function expectEnvelope(response: JsonResponse, status: number, code?: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status, code: expect.any(Number), message: expect.any(String) });
  // Matched just above: an envelope.
  if (code !== undefined) expect((response.body as Envelope).code).toBe(code);
}

async function applied(student: Account, overrides: Record<string, unknown> = {}) {
  const created = await s.as(student.token).post<OutingCreated>('/v1/outings', application(overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.outing_uuid;
}

describe('a day in the school', () => {
  it('apply → teacher approves → start → return (late) → certify, each step visible at once despite the cache', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const parent = await s.newParent([await seatOf(student)]);
    const me = s.as(student.token);
    const sir = s.as(teacher.token);
    const outing = await applied(student);
    const read = async () => (await me.get<OutingRead>(`/v1/outings/uuid/${outing}`)).body;
    expect(await read()).toMatchObject({
      status: 200,
      outing_status: '1',
      outing_situation: 'NORMAL',
      student_uuid: student.uuid,
    });
    expect((await sir.post(`/v1/outings/uuid/${outing}/actions/teacher-approve`)).status).toBe(200);
    expect((await read()).outing_status).toBe('2');
    expect((await me.post(`/v1/outings/uuid/${outing}/actions/start`)).status).toBe(200);
    expect((await read()).outing_status).toBe('3');
    await waitFor(
      async () => {
        const outbox = await s.as(s.adminToken).get<Notifications>(`/v1/notifications?to_uuid=${parent.uuid}`);
        return outbox.body.notifications.some((m) => m.reason === 'outing-started');
      },
      { what: 'the parent to be texted that the outing started' },
    );

    clock.set(DAY, '19:30');
    expect((await sir.post(`/v1/outings/uuid/${outing}/actions/end`)).status).toBe(200);
    const mine = await me.get<StudentOutings>(`/v1/students/uuid/${student.uuid}/outings`);
    expect(mine.body.outings[0]).toMatchObject({ outing_uuid: outing, outing_status: '4', arrival_time: at('19:30') });
    const info = await seatOf(student);
    const filtered = await sir.get<FilteredOutings>(`/v1/outings/with-filter?grade=${info.grade}&group=${info.group}`);
    expect(filtered.body.outings).toContainEqual(
      expect.objectContaining({
        outing_uuid: outing,
        name: info.name,
        is_late: true,
        arrival_time: at('19:30'),
        outing_status: '4',
      }),
    );
    expect((await sir.post(`/v1/outings/uuid/${outing}/actions/certify`)).status).toBe(200);
    expect((await read()).outing_status).toBe('5');
    expectEnvelope(await sir.post(`/v1/outings/uuid/${outing}/actions/certify`), 409, -2111);

    const certified = await sir.get<FilteredOutings>(
      `/v1/outings/with-filter?start_time=${at('00:00')}&end_time=${at('23:59')}`,
    );
    expect(certified.body.outings.map((o) => o.outing_uuid)).toContain(outing);
    const card = await me.get<OutingCard>(`/v1/outings/uuid/${outing}/card`);
    expect(card.body).toMatchObject({
      status: 200,
      name: info.name,
      grade: info.grade,
      number: info.student_number,
      outing_status: '5',
    });
    expect(card.body.profile_uri).toBe(`/v1/profiles/uuids/${student.uuid}`);
  });
});

async function seatOf(student: Account) {
  const info = (await s.as(student.token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body;
  return { grade: info.grade, group: info.group, student_number: info.student_number, name: info.name };
}

describe('the teacher filter', () => {
  it('lists the outings of members of the clubs on a floor (club service), with names from auth', async () => {
    clock.set(DAY, '16:00');
    const leader = await s.newStudent();
    const bystander = await s.newStudent();
    const form = new FormData();
    const fields = {
      name: '필터부',
      leader_uuid: leader.uuid,
      member_uuids: leader.uuid,
      field: 'AI',
      location: '5층 끝방',
      floor: 5,
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('logo', new Blob([PNG], { type: 'image/png' }), 'logo.png');
    const club = await s.upload('POST', '/v1/clubs', form, s.adminToken);
    expect(club.status, JSON.stringify(club.body)).toBe(201);
    const mine = await applied(leader);
    const theirs = await applied(bystander);
    const onFloor = await s.as(teacher.token).get<FilteredOutings>('/v1/outings/with-filter?floor=5&status=1');
    const uuids = onFloor.body.outings.map((o) => o.outing_uuid);
    expect(uuids).toContain(mine);
    expect(uuids).not.toContain(theirs);
    const info = await seatOf(leader);
    expect(onFloor.body.outings.find((o) => o.outing_uuid === mine)).toMatchObject({
      name: info.name,
      grade: info.grade,
      is_late: false,
    });
  });
});

describe('creation rules in Korea time', () => {
  it('refuses a start in the past, tomorrow, after the end, and an end past midnight, each with 400 and its message', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const me = s.as(student.token);
    const refused = async (overrides: Record<string, unknown>, message: string) => {
      const response = await me.post<Envelope>('/v1/outings', application(overrides));
      expectEnvelope(response, 400, 0);
      expect(response.body.message).toBe(message);
    };
    await refused({ start_time: at('15:59:59') }, 'The start time must not be earlier than the current time.');
    await refused(
      { start_time: at('09:00', '2026-03-11'), end_time: at('10:00', '2026-03-11') },
      'Start time should be today.',
    );
    await refused(
      { start_time: at('23:00'), end_time: at('00:00:01', '2026-03-11') },
      'The end time cannot be the day after the start time.',
    );
    await refused({ start_time: at('18:00'), end_time: at('18:00') }, 'The start time must be before the end time.');
    expectEnvelope(await me.post('/v1/outings', application({ situation: 'shopping' })), 400, -203);
    // At the very edge: a start at exactly now, an end at exactly the next midnight.
    const edge = await me.post(
      '/v1/outings',
      application({ start_time: at('16:00'), end_time: at('00:00', '2026-03-11') }),
    );
    expect(edge.status, JSON.stringify(edge.body)).toBe(201);
    expectEnvelope(
      await me.post('/v1/outings', application({ start_time: at('20:00'), end_time: at('21:00') })),
      409,
      -2401,
    );
  });

  it('counts days in Korea time: at 23:59:59 KST the day is still today, one second later it is the next one', async () => {
    const student = await s.newStudent();
    const me = s.as(student.token);
    clock.set(DAY, '23:59:59');
    expectEnvelope(
      await me.post(
        '/v1/outings',
        application({ start_time: at('00:00', '2026-03-11'), end_time: at('01:00', '2026-03-11') }),
      ),
      400,
      0,
    );
    clock.set('2026-03-11', '00:00');
    const next = await me.post(
      '/v1/outings',
      application({ start_time: at('00:00', '2026-03-11'), end_time: at('01:00', '2026-03-11') }),
    );
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    clock.set(DAY, '16:00');
  });
});

describe('who may do what to an outing', () => {
  it('keeps an outing to its student (403 -2601), answers unknown outings 404 -2301 and unknown actions 404', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const other = await s.newStudent();
    const outing = await applied(student);
    expect((await s.as(student.token).get(`/v1/outings/uuid/${outing}`)).status).toBe(200);
    expectEnvelope(await s.as(other.token).get(`/v1/outings/uuid/${outing}`), 403, -2601);
    expectEnvelope(await s.as(other.token).get(`/v1/outings/uuid/${outing}/card`), 403, -2601);
    expectEnvelope(await s.as(other.token).get(`/v1/students/uuid/${student.uuid}/outings`), 403, -2601);
    expectEnvelope(await s.as(other.token).post(`/v1/outings/uuid/${outing}/actions/start`), 403, -2601);
    expectEnvelope(await s.as(student.token).post(`/v1/outings/uuid/${outing}/actions/teacher-approve`), 403, -2601);
    expectEnvelope(await s.as(teacher.token).get('/v1/outings/uuid/outing-000000000000'), 403, -2601);
    expectEnvelope(await s.as(student.token).get('/v1/outings/uuid/outing-000000000000'), 404, -2301);
    expectEnvelope(await s.as(teacher.token).post('/v1/outings/uuid/outing-000000000000/actions/end'), 404, -2301);
    expectEnvelope(await s.as(teacher.token).post(`/v1/outings/uuid/${outing}/actions/fly`), 404, 0);
  });

  it("lets a parent read their own child's outing, and refuses another parent 403 -2601", async () => {
    clock.set(DAY, '16:00');
    const child = await s.newStudent();
    const parent = await s.newParent([await seatOf(child)]);
    const otherParent = await s.newParent([await seatOf(await s.newStudent())]);
    const outing = await applied(child);
    const read = await s.as(parent.token).get(`/v1/outings/uuid/${outing}`);
    expectEnvelope(read, 200, 0);
    expect(read.body).toMatchObject({ outing_uuid: outing, student_uuid: child.uuid, outing_status: '1' });
    expectEnvelope(await s.as(otherParent.token).get(`/v1/outings/uuid/${outing}`), 403, -2601);
    expectEnvelope(await s.as(parent.token).get('/v1/outings/uuid/outing-000000000000'), 404, -2301);
    // Reading is all a parent may do: the pass and the actions stay the student's.
    expectEnvelope(await s.as(parent.token).get(`/v1/outings/uuid/${outing}/card`), 403, -2601);
  });

  it("answers every role the outing routes do not admit with the seed's 403 -2601", async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const parent = await s.newParent([]);
    const outing = await applied(student);
    const refusals = [
      await s.as(teacher.token).post('/v1/outings', application()),
      await s.as(parent.token).get(`/v1/students/uuid/${student.uuid}/outings`),
      await s.as(teacher.token).get(`/v1/outings/uuid/${outing}/card`),
      await s.as(parent.token).post(`/v1/outings/uuid/${outing}/actions/teacher-approve`),
      await s.as(student.token).get('/v1/outings/with-filter'),
      await s.as(student.token).patch(`/v1/outings/uuid/${outing}`, { end_time: at('20:00') }),
      await s.as(teacher.token).get('/v1/outings/settings'),
    ];
    for (const refusal of refusals) expectEnvelope(refusal, 403, -2601);
  });

  it('walks every refused transition over HTTP with its 409 code', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const me = s.as(student.token);
    const sir = s.as(teacher.token);
    const outing = await applied(student);
    const action = (who: typeof me, name: string) => who.post(`/v1/outings/uuid/${outing}/actions/${name}`);
    expectEnvelope(await action(me, 'start'), 409, -2104);
    expectEnvelope(await action(sir, 'end'), 409, -2104);
    expectEnvelope(await action(sir, 'certify'), 409, -2104);
    expect((await action(sir, 'teacher-approve')).status).toBe(200);
    expectEnvelope(await action(sir, 'teacher-approve'), 409, -2106);
    expectEnvelope(await action(sir, 'teacher-reject'), 409, -2106);
    expectEnvelope(await action(sir, 'end'), 409, -2107);
    expectEnvelope(await action(sir, 'certify'), 409, -2107);
    expectEnvelope(await sir.patch(`/v1/outings/uuid/${outing}`, { end_time: at('20:00') }), 409, -2400);
    expect((await action(me, 'start')).status).toBe(200);
    expectEnvelope(await action(me, 'start'), 409, -2108);
    expectEnvelope(await action(sir, 'certify'), 409, -2109);
    expect((await action(sir, 'end')).status).toBe(200);
    expectEnvelope(await action(sir, 'end'), 409, -2110);
    expectEnvelope(await action(me, 'start'), 409, -1000);

    const rejected = await s.newStudent();
    const second = await applied(rejected);
    expect((await sir.post(`/v1/outings/uuid/${second}/actions/teacher-reject`)).status).toBe(200);
    expectEnvelope(await s.as(rejected.token).post(`/v1/outings/uuid/${second}/actions/start`), 409, -2105);
    expectEnvelope(await sir.post(`/v1/outings/uuid/${second}/actions/teacher-approve`), 409, -1000);
  });

  it('lets a teacher move the end time while the outing waits, and the student sees it at once', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const me = s.as(student.token);
    const outing = await applied(student);
    expect((await me.get<StudentOutings>(`/v1/students/uuid/${student.uuid}/outings`)).body.outings[0]!.end_time).toBe(
      at('19:00'),
    );
    expect((await s.as(teacher.token).patch(`/v1/outings/uuid/${outing}`, { end_time: at('20:00') })).status).toBe(200);
    expect((await me.get<StudentOutings>(`/v1/students/uuid/${student.uuid}/outings`)).body.outings[0]!.end_time).toBe(
      at('20:00'),
    );
    expect((await me.get<OutingRead>(`/v1/outings/uuid/${outing}`)).body.end_time).toBe(at('20:00'));
  });
});

describe('parent approval by code', () => {
  it('makes a normal outing of a student with a parent wait for the parent, who approves with the texted code', async () => {
    clock.set(DAY, '16:00');
    const admin = s.as(s.adminToken);
    expect((await admin.put('/v1/outings/settings', { parent_approval: true })).status).toBe(200);
    try {
      const student = await s.newStudent();
      const parent = await s.newParent([await seatOf(student)]);
      const created = await s.as(student.token).post<OutingCreated>('/v1/outings', application());
      expect(created.body).toMatchObject({ status: 201, outing_status: '0' });
      const outing = created.body.outing_uuid;
      const text = await waitFor(
        async () => {
          const outbox = await admin.get<Notifications>(`/v1/notifications?to_uuid=${parent.uuid}`);
          return outbox.body.notifications.find((m) => m.reason === 'outing-parent-code')?.text;
        },
        { what: 'the parent to receive the code' },
      );
      const code = /(\d{12})/.exec(text)?.[1];
      expect(code).toBeDefined();
      const byCode = await s.http.get(`/v1/outings/code/${code}`);
      expect(byCode.body).toMatchObject({ status: 200, outing_uuid: outing, place: '병원' });
      expectEnvelope(await s.as(teacher.token).post(`/v1/outings/uuid/${outing}/actions/teacher-approve`), 409, -2101);
      expectEnvelope(await s.as(student.token).post(`/v1/outings/uuid/${outing}/actions/start`), 409, -2101);
      expectEnvelope(
        await s.http.post(`/v1/outings/uuid/${outing}/actions/parent-approve?code=000000000000`),
        404,
        -2301,
      );
      expect((await s.http.post(`/v1/outings/uuid/${outing}/actions/parent-approve?code=${code}`)).status).toBe(200);
      expect((await s.as(student.token).get<OutingRead>(`/v1/outings/uuid/${outing}`)).body.outing_status).toBe('1');
      expectEnvelope(await s.http.get(`/v1/outings/code/${code}`), 404, -2301);

      const emergency = await s.newStudent();
      await s.newParent([await seatOf(emergency)]);
      const urgent = await s
        .as(emergency.token)
        .post<OutingCreated>('/v1/outings', application({ situation: 'EMERGENCY' }));
      expect(urgent.body.outing_status).toBe('1');
      const orphan = await s.newStudent();
      expect((await s.as(orphan.token).post<OutingCreated>('/v1/outings', application())).body.outing_status).toBe('1');

      const refuser = await s.newStudent();
      const refuserParent = await s.newParent([await seatOf(refuser)]);
      const refused = (await s.as(refuser.token).post<OutingCreated>('/v1/outings', application())).body.outing_uuid;
      const refusedCode = await waitFor(
        async () => {
          const outbox = await admin.get<Notifications>(`/v1/notifications?to_uuid=${refuserParent.uuid}`);
          return /(\d{12})/.exec(outbox.body.notifications[0]?.text ?? '')?.[1];
        },
        { what: 'the second parent code' },
      );
      expect((await s.http.post(`/v1/outings/uuid/${refused}/actions/parent-reject?code=${refusedCode}`)).status).toBe(
        200,
      );
      expectEnvelope(await s.as(teacher.token).post(`/v1/outings/uuid/${refused}/actions/teacher-approve`), 409, -2102);
    } finally {
      await admin.put('/v1/outings/settings', { parent_approval: false });
    }
  });
});

describe('when auth is down', () => {
  it('still takes applications and actions; only the routes that need account data answer 503', async () => {
    clock.set(DAY, '16:00');
    const student = await s.newStudent();
    const earlier = await applied(student);
    const late = await s.newStudent();
    await s.system.stopService('auth');
    try {
      const created = await s.as(late.token).post('/v1/outings', application());
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await s.as(teacher.token).post(`/v1/outings/uuid/${earlier}/actions/teacher-approve`)).status).toBe(200);
      const card = await s.as(student.token).get(`/v1/outings/uuid/${earlier}/card`);
      expectEnvelope(card, 503, 0);
      expect(card.headers.get('retry-after')).not.toBeNull();
    } finally {
      await s.system.startService('auth');
    }
    expect((await s.as(student.token).get(`/v1/outings/uuid/${earlier}/card`)).status).toBe(200);
  });
});
