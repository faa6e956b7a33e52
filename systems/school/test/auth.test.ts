import { type JsonResponse, waitFor } from '@mosaic/kit/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChildrenRead,
  Envelope,
  Jwks,
  Notifications,
  ParentOfStudent,
  RotatedKey,
  SignedIn,
  StudentRead,
  StudentsRead,
  TeacherRead,
  UuidEnvelope,
  UuidsEnvelope,
} from './envelopes.ts';
import { koreanName, next, PNG, phone, type School, seat, startSchool } from './school-fixtures.ts';

let s: School;
beforeAll(async () => {
  s = await startSchool();
});
afterAll(() => s?.close());

const admin = () => s.as(s.adminToken);

/** Every error is the seed's envelope: status (= the HTTP status), code, message. */
function expectEnvelope(response: JsonResponse, status: number, code?: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status, code: expect.any(Number), message: expect.any(String) });
  if (code !== undefined) expect(response.body).toMatchObject({ code });
}

async function xlsx(rows: (string | number)[][], sheetName = '1학년'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('signing in', () => {
  it('answers each kind of login with a token and the uuid', async () => {
    const student = await s.newStudent();
    const ok = await s.http.post<SignedIn>('/v1/login/student', {
      student_id: student.id,
      student_pw: student.password,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 200,
      code: 0,
      student_uuid: student.uuid,
      access_token: expect.any(String),
    });
    const claims = JSON.parse(Buffer.from(ok.body.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: student.uuid, role: 'student', iss: 'mosaic-school', aud: 'school' });
    expect(claims.exp - claims.iat).toBe(7 * 24 * 3600);
    const header = JSON.parse(Buffer.from(ok.body.access_token.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
  });

  it('refuses an unknown id and a wrong password with the same 401, so the answer does not say which ids exist', async () => {
    const accounts = {
      student: await s.newStudent(),
      teacher: await s.newTeacher(),
      parent: await s.newParent([]),
      admin: { id: 'admin' },
    };
    const codes = { student: -402, teacher: -412, parent: -422, admin: -432 };
    for (const [role, account] of Object.entries(accounts) as [keyof typeof codes, { id: string }][]) {
      const attempt = (id: string) =>
        s.http.post<Envelope>(`/v1/login/${role}`, { [`${role}_id`]: id, [`${role}_pw`]: 'wrong' });
      const unknownId = await attempt('nobody');
      const wrongPassword = await attempt(account.id);
      expectEnvelope(unknownId, 401, codes[role]);
      expect(unknownId.body.message, role).toBe('the id or the password is wrong; check both and sign in again');
      expect(wrongPassword.body, role).toEqual(unknownId.body);
    }
  });

  it('lets a self-registered teacher sign in only after an admin certified them (24 h tokens)', async () => {
    const n = next();
    const signUp = await s.http.post<UuidEnvelope<'teacher_uuid'>>('/v1/teachers', {
      teacher_id: `selfteacher${n}`,
      teacher_pw: 'teacher-pw',
      grade: 0,
      group: 0,
      name: koreanName(n),
      phone_number: phone(7000 + n),
    });
    expect(signUp.status).toBe(201);
    expect(signUp.body.message).toContain('after approval');
    const uuid = signUp.body.teacher_uuid;
    // Not certified: said only to whoever knows the password; a wrong one is refused as for any account.
    expectEnvelope(
      await s.http.post('/v1/login/teacher', { teacher_id: `selfteacher${n}`, teacher_pw: 'wrong' }),
      401,
      -412,
    );
    expectEnvelope(
      await s.http.post('/v1/login/teacher', { teacher_id: `selfteacher${n}`, teacher_pw: 'teacher-pw' }),
      409,
      -413,
    );
    expect((await admin().post(`/v1/teachers/uuid/${uuid}/certify`)).status).toBe(200);
    expectEnvelope(
      await s.http.post('/v1/login/teacher', { teacher_id: `selfteacher${n}`, teacher_pw: 'wrong' }),
      401,
      -412,
    );
    const ok = await s.http.post<SignedIn>('/v1/login/teacher', {
      teacher_id: `selfteacher${n}`,
      teacher_pw: 'teacher-pw',
    });
    expect(ok.status).toBe(200);
    const claims = JSON.parse(Buffer.from(ok.body.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(24 * 3600);
    expectEnvelope(await admin().post('/v1/teachers/uuid/teacher-000000000000/certify'), 404);
  });

  it('refuses duplicate teacher ids, phones and homeroom classes with -201, -202, -203', async () => {
    const t = await s.newTeacher({ grade: 3, group: 4 });
    const n = next();
    const base = { teacher_pw: 'teacher-pw', grade: 0, group: 0, name: koreanName(n), phone_number: phone(7500 + n) };
    expectEnvelope(await s.http.post('/v1/teachers', { ...base, teacher_id: t.id }), 409, -201);
    const withPhone = await s.http.get<TeacherRead>(`/v1/teachers/uuid/${t.uuid}`, {
      authorization: `Bearer ${t.token}`,
    });
    expectEnvelope(
      await s.http.post('/v1/teachers', { ...base, teacher_id: `dup${n}`, phone_number: withPhone.body.phone_number }),
      409,
      -202,
    );
    expectEnvelope(
      await s.http.post('/v1/teachers', { ...base, teacher_id: `dup${n}`, grade: 3, group: 4 }),
      409,
      -203,
    );
  });

  it('revokes the token on logout: the next call with it is 401', async () => {
    const student = await s.newStudent();
    const me = s.as(student.token);
    expect((await me.get(`/v1/students/uuid/${student.uuid}`)).status).toBe(200);
    const out = await me.post('/v1/logout');
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: 200, code: 0 });
    expectEnvelope(await me.get(`/v1/students/uuid/${student.uuid}`), 401);
    // A fresh sign-in works again.
    const again = await s.login('student', student.id, student.password);
    expect((await s.as(again.token).get(`/v1/students/uuid/${student.uuid}`)).status).toBe(200);
  });

  it('publishes its keys as a JWKS, and keeps tokens working across a key rotation', async () => {
    const before = await s.http.get<Jwks>('/.well-known/jwks.json');
    expect(before.status).toBe(200);
    expect(before.body.keys).toEqual([
      expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) }),
    ]);
    expect(JSON.stringify(before.body)).not.toContain('"d"');
    const student = await s.newStudent();
    const rotated = await admin().post<RotatedKey>('/v1/signing-keys/rotate');
    expect(rotated.status).toBe(200);
    const after = await s.http.get<Jwks>('/.well-known/jwks.json');
    expect(after.body.keys.map((k) => k.kid).sort()).toEqual([before.body.keys[0]!.kid, rotated.body.kid].sort());
    expect((await s.as(student.token).get(`/v1/students/uuid/${student.uuid}`)).status).toBe(200);
  });
});

describe('students, parents and their link', () => {
  it('registers a student with a photo that is served back by its URL, and refuses a file that is no image', async () => {
    const student = await s.newStudent();
    const info = await s.as(student.token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`);
    expect(info.body.profile_uri).toBe(`/v1/profiles/uuids/${student.uuid}`);
    const image = await s.as(student.token).raw(info.body.profile_uri);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${s.system.gatewayUrl}${info.body.profile_uri}`)).status).toBe(401);

    const n = next();
    const form = new FormData();
    const fields = {
      student_id: `html${n}`,
      student_pw: 'pw-html',
      ...seat(n),
      name: koreanName(n),
      phone_number: phone(n),
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('profile', new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/png' }), 'evil.png');
    expectEnvelope(await s.upload('POST', '/v1/students', form, s.adminToken), 400, -203);
    form.delete('profile');
    expectEnvelope(await s.upload('POST', '/v1/students', form, s.adminToken), 400, -203);
  });

  it('refuses duplicate student ids, unknown parents, taken seats and phones with -101..-104', async () => {
    const taken = await s.newStudent();
    const info = (await s.as(taken.token).get<StudentRead>(`/v1/students/uuid/${taken.uuid}`)).body;
    const attempt = async (overrides: Record<string, string | number>) => {
      const n = next();
      const form = new FormData();
      const fields = {
        student_id: `s${n}x`,
        student_pw: 'pw-1234',
        ...seat(n),
        name: koreanName(n),
        phone_number: phone(n),
        ...overrides,
      };
      for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
      form.set('profile', new Blob([PNG]), 'p.png');
      return s.upload('POST', '/v1/students', form, s.adminToken);
    };
    expectEnvelope(await attempt({ student_id: taken.id }), 409, -101);
    expectEnvelope(await attempt({ parent_uuid: 'parent-000000000000' }), 409, -102);
    expectEnvelope(
      await attempt({ grade: info.grade, group: info.group, student_number: info.student_number }),
      409,
      -103,
    );
    expectEnvelope(await attempt({ phone_number: info.phone_number }), 409, -104);
    expectEnvelope(await attempt({ grade: 4 }), 400, -203);
  });

  it("shows a student's phone only to the student, their parents, teachers and admins; others see it empty", async () => {
    const student = await s.newStudent();
    const own = (await s.as(student.token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body;
    const seatOfStudent = {
      grade: own.grade,
      group: own.group,
      student_number: own.student_number,
      name: own.name,
    };
    // Two parents declare the same child: the second becomes the parent of record, the first stays a parent.
    const mother = await s.newParent([seatOfStudent]);
    const father = await s.newParent([seatOfStudent]);
    const classmate = await s.newStudent();
    const otherParent = await s.newParent([]);
    const teacher = await s.newTeacher();
    const read = (token: string) => s.as(token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`);
    const lookUp = (token: string) =>
      s.as(token).post<StudentsRead>('/v1/students/with-uuids', { student_uuids: [student.uuid] });

    for (const token of [student.token, mother.token, father.token, teacher.token, s.adminToken]) {
      expect((await read(token)).body.phone_number).toBe(own.phone_number);
      expect((await lookUp(token)).body.students[0]!.phone_number).toBe(own.phone_number);
    }
    for (const token of [classmate.token, otherParent.token]) {
      const seen = await read(token);
      expectEnvelope(seen, 200, 0);
      expect(seen.body).toMatchObject({
        name: own.name,
        grade: own.grade,
        group: own.group,
        student_number: own.student_number,
        profile_uri: own.profile_uri,
        phone_number: '',
        parent_status: '',
      });
      const looked = await lookUp(token);
      expect(looked.body.students).toEqual([expect.objectContaining({ name: own.name, phone_number: '' })]);
    }
    const children = async (parent: typeof mother) =>
      (await s.as(parent.token).get<ChildrenRead>(`/v1/parents/uuid/${parent.uuid}/children`)).body.children.map(
        (c) => c.student_uuid,
      );
    expect(await children(mother)).toEqual([student.uuid]);
    expect(await children(father)).toEqual([student.uuid]);
  });

  it('links a parent to an existing child, and shows the student CONNECTED once', async () => {
    const student = await s.newStudent();
    const me = s.as(student.token);
    const info = (await me.get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body;
    expect(info.parent_status).toBe('UN_CONNECTED');
    expect((await me.get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body.parent_status).toBe('');
    expectEnvelope(await me.get(`/v1/students/uuid/${student.uuid}/parent`), 409, 0);

    const parent = await s.newParent([
      { grade: info.grade, group: info.group, student_number: info.student_number, name: info.name },
    ]);
    // Another account reading the student does not use up the student's notification.
    expect((await s.as(parent.token).get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body.parent_status).toBe(
      'CONNECTED',
    );
    expect((await me.get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body.parent_status).toBe('CONNECTED');
    expect((await me.get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body.parent_status).toBe('');
    const parentOf = await me.get(`/v1/students/uuid/${student.uuid}/parent`);
    expect(parentOf.body).toMatchObject({ status: 200, parent_uuid: parent.uuid });
    const children = await s.as(parent.token).get<ChildrenRead>(`/v1/parents/uuid/${parent.uuid}/children`);
    expect(children.body.children).toEqual([expect.objectContaining({ student_uuid: student.uuid, name: info.name })]);
  });

  it('imports unsigned students from a real .xlsx, texts their codes, and links a waiting parent at sign-up', async () => {
    const n = next();
    const name = koreanName(n + 100);
    const workbook = await xlsx([
      ['3학년 명단'],
      ['학번', '성명', '전화번호'],
      ['3421', name, '010-4444-5555'],
      ['3420', koreanName(n + 101), '"010.4444.6666"'],
      [],
    ]);
    const upload = (bytes: Buffer, path = '/v1/unsigned-students/parsed-by/excel') => {
      const form = new FormData();
      form.set('excel', new Blob([bytes]), 'students.xlsx');
      return s.upload('POST', path, form, s.adminToken);
    };
    const first = await upload(workbook);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ req_student_count: 2, add_count: 2, no_add_count: 0 });
    const again = await upload(workbook, `/v1/unsigned-students/parsed-by/excel/sheets/${encodeURIComponent('1학년')}`);
    expect(again.body).toMatchObject({ req_student_count: 2, add_count: 0, no_add_count: 2 });
    expectEnvelope(await upload(Buffer.from('not a workbook')), 400, -203);
    expectEnvelope(
      await upload(
        await xlsx([
          ['학번', '성명', '전화번호'],
          ['3499', name, '01044445555'],
          ['3401', name, '01044445555'],
        ]),
      ),
      400,
      0,
    );

    const parent = await s.newParent([{ grade: 3, group: 4, student_number: 21, name }]);
    const sms = await admin().post('/v1/join-sms/unsigned-students?grade=3&group=4&student_number=21');
    expect(sms.body).toMatchObject({ status: 200, send_count: 1, no_send_count: 0 });
    const outbox = await admin().get<Notifications>('/v1/notifications?phone_number=01044445555');
    const code = Number(/(\d{6})/.exec(outbox.body.notifications[0]!.text)?.[1]);
    expect(code).toBeGreaterThanOrEqual(100_000);
    // The operator reads the same text in the auth service's own outbox (what the ops console lists).
    const smsOutbox = await s.system
      .operator('auth')
      .get<{ pending: number; entries: { data: { text: string } }[] }>('/admin/outboxes/sms?limit=200');
    expect(smsOutbox.status).toBe(200);
    expect(smsOutbox.body.pending).toBeGreaterThanOrEqual(1);
    expect(smsOutbox.body.entries.map((entry) => entry.data.text)).toContain(outbox.body.notifications[0]!.text);
    expect((await s.system.operator('auth').get('/admin/outboxes/postcards')).status).toBe(404);
    expect((await s.system.direct('auth').get('/admin/outboxes/sms')).status).toBe(401);

    const preview = await s.http.get(`/v1/students/auth-code/${code}`);
    expect(preview.body).toMatchObject({
      status: 200,
      name,
      grade: 3,
      group: 4,
      student_number: 21,
      phone_number: '01044445555',
    });
    const signUp = await s.http.post<UuidEnvelope<'student_uuid'>>('/v1/students/with-code', {
      auth_code: code,
      student_id: `xlsx${n}`,
      student_pw: 'pw-xl-1',
    });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(201);
    expectEnvelope(await s.http.get(`/v1/students/auth-code/${code}`), 404);
    expectEnvelope(
      await s.http.post('/v1/students/with-code', { auth_code: code, student_id: `xlsx${n}b`, student_pw: 'pw-xl-1' }),
      404,
    );
    const student = await s.login('student', `xlsx${n}`, 'pw-xl-1');
    expect(student.uuid).toBe(signUp.body.student_uuid);
    expect(
      (await s.as(student.token).get<ParentOfStudent>(`/v1/students/uuid/${student.uuid}/parent`)).body.parent_uuid,
    ).toBe(parent.uuid);
  });

  it('changes passwords (self or admin, the current one required, -701/-801/-901 when wrong)', async () => {
    const student = await s.newStudent();
    const me = s.as(student.token);
    expectEnvelope(
      await me.put(`/v1/students/uuid/${student.uuid}/password`, { current_pw: 'wrong', revision_pw: 'new-pw-1' }),
      409,
      -701,
    );
    expect(
      (
        await me.put(`/v1/students/uuid/${student.uuid}/password`, {
          current_pw: student.password,
          revision_pw: 'new-pw-1',
        })
      ).status,
    ).toBe(200);
    await s.login('student', student.id, 'new-pw-1');
    const other = await s.newStudent();
    expectEnvelope(
      await s
        .as(other.token)
        .put(`/v1/students/uuid/${student.uuid}/password`, { current_pw: 'new-pw-1', revision_pw: 'x-pw-12' }),
      403,
    );
    expect(
      (
        await admin().put(`/v1/students/uuid/${student.uuid}/password`, {
          current_pw: 'new-pw-1',
          revision_pw: 'adm-pw-1',
        })
      ).status,
    ).toBe(200);
    await s.login('student', student.id, 'adm-pw-1');

    const teacher = await s.newTeacher();
    expectEnvelope(
      await s
        .as(teacher.token)
        .put(`/v1/teachers/uuid/${teacher.uuid}/password`, { current_pw: 'no', revision_pw: 'new-pw-1' }),
      409,
      -801,
    );
    const parent = await s.newParent([]);
    expectEnvelope(
      await s
        .as(parent.token)
        .put(`/v1/parents/uuid/${parent.uuid}/password`, { current_pw: 'no', revision_pw: 'new-pw-1' }),
      409,
      -901,
    );
    expectEnvelope(
      await admin().put('/v1/parents/uuid/parent-000000000000/password', { current_pw: 'no', revision_pw: 'new-pw-1' }),
      404,
    );
  });

  it('looks accounts up by fields (409 -501/-511/-521 when none, 400 when no filter) and by uuids (-601)', async () => {
    const student = await s.newStudent();
    const me = s.as(student.token);
    const info = (await me.get<StudentRead>(`/v1/students/uuid/${student.uuid}`)).body;
    const found = await me.get<UuidsEnvelope<'student_uuids'>>(`/v1/student-uuids?phone_number=${info.phone_number}`);
    expect(found.body.student_uuids).toEqual([student.uuid]);
    expectEnvelope(await me.get('/v1/student-uuids?name=없는이름'), 409, -501);
    expectEnvelope(await me.get('/v1/student-uuids'), 400, -203);
    const many = await me.post<StudentsRead>('/v1/students/with-uuids', { student_uuids: [student.uuid] });
    expect(many.body.students).toEqual([
      expect.objectContaining({ student_uuid: student.uuid, profile_uri: info.profile_uri }),
    ]);
    expectEnvelope(
      await me.post('/v1/students/with-uuids', { student_uuids: [student.uuid, 'student-000000000000'] }),
      409,
      -601,
    );

    const teacher = await s.newTeacher({ grade: 2, group: 3 });
    expect(
      (await me.get<UuidsEnvelope<'teacher_uuids'>>('/v1/teacher-uuids?grade=2&group=3')).body.teacher_uuids,
    ).toEqual([teacher.uuid]);
    expectEnvelope(await me.get('/v1/teacher-uuids?name=없는이름'), 409, -511);
    expect((await me.get(`/v1/teachers/uuid/${teacher.uuid}`)).body).toMatchObject({ grade: 2, group: 3 });
    expect(
      (await s.as(teacher.token).patch(`/v1/teachers/uuid/${teacher.uuid}`, { phone_number: '01099998888' })).status,
    ).toBe(200);
    expect((await me.get<TeacherRead>(`/v1/teachers/uuid/${teacher.uuid}`)).body.phone_number).toBe('01099998888');
    expectEnvelope(await me.get('/v1/teachers/uuid/teacher-000000000000'), 404);

    const parent = await s.newParent([], { phone_number: '01077776666' });
    expect(
      (await me.get<UuidsEnvelope<'parent_uuids'>>('/v1/parent-uuids?phone_number=01077776666')).body.parent_uuids,
    ).toEqual([parent.uuid]);
    expectEnvelope(await me.get('/v1/parent-uuids?name=없는이름'), 409, -521);
    expect((await me.get(`/v1/parents/uuid/${parent.uuid}`)).body).toMatchObject({ phone_number: '01077776666' });
  });
});

describe('the notification outbox', () => {
  it('receives an SmsRequested event published by another service, addressed by account', async () => {
    const student = await s.newStudent();
    const bus = await s.system.runtime.bus('school');
    // Published as outing would: through the outbox of a store, so it travels the real bus.
    await bus.publish([
      {
        id: `0190a000-0000-7000-8000-${String(next()).padStart(12, '0')}`,
        type: 'SmsRequested',
        source: 'school/test',
        subject: student.uuid,
        time: new Date().toISOString(),
        data: { about: student.uuid, to_uuid: student.uuid, text: '테스트 문자', reason: 'test' },
        dataVersion: 1,
      } as never,
    ]);
    const message = await waitFor(
      async () => {
        const list = await admin().get<Notifications>(`/v1/notifications?to_uuid=${student.uuid}`);
        return list.body.notifications.find((m) => m.reason === 'test');
      },
      { what: 'the SMS in the outbox' },
    );
    expect(message).toMatchObject({
      to_uuid: student.uuid,
      text: '테스트 문자',
      phone_number: expect.stringMatching(/^010/),
    });
  });
});
