import { randomInt } from 'node:crypto';
import type { ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { BOOTSTRAP_ADMIN, type Role } from '../contracts/accounts.ts';
import { conflict, forbidden, notFound, unauthorized } from '../contracts/envelope.ts';
import type { SmsRequested } from '../contracts/events.ts';
import type { Caller } from '../contracts/identity.ts';
import {
  accountUuid,
  hasHomeroom,
  LINKED,
  loginRefusal,
  type Seat,
  seesPrivateFields,
  showParentStatus,
  UNLINKED,
} from './domain.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { RosterRow } from './roster.ts';
import { type AuthTables, accounts, files, notifications, studentInform } from './store.ts';
import type { TokenIssuer } from './tokens.ts';

export type AuthContext = ServiceContext<AuthTables>;

/** The seed's auth codes (UT:code/golang/auth.go). */
export const AUTH_CODES = {
  studentIdTaken: -101,
  parentUnknown: -102,
  seatTaken: -103,
  studentPhoneTaken: -104,
  teacherIdTaken: -201,
  teacherPhoneTaken: -202,
  homeroomTaken: -203,
  parentIdTaken: -301,
  parentPhoneTaken: -302,
  /**
   * A failed sign-in. The seed told an unknown id (-401, -411, -421, -431) from a wrong password (-402, …);
   * we answer both with the wrong-password code, so the answer does not say whether the id exists, and a
   * seed client still asks for the credentials again.
   */
  login: {
    student: { badCredentials: -402 },
    teacher: { badCredentials: -412, notCertified: -413 },
    parent: { badCredentials: -422 },
    admin: { badCredentials: -432 },
  },
  noStudents: -501,
  noTeachers: -511,
  noParents: -521,
  studentUnknown: -601,
  wrongCurrentPassword: { student: -701, teacher: -801, parent: -901, admin: 0 },
} as const;

const digit = () => randomInt(10);
const now = (ctx: AuthContext) => ctx.clock().toISOString();

export interface NewStudent {
  student_id: string;
  student_pw: string;
  parent_uuid?: string | undefined;
  grade: number;
  group: number;
  student_number: number;
  name: string;
  phone_number: string;
}

export interface Upload {
  contentType: string;
  data: Buffer;
}

export const profileKey = (studentUuid: string) => `profiles/uuids/${studentUuid}`;
/** Where the gateway serves a profile image back (auth's `GET /v1/profiles/uuids/:student_uuid`). */
export const profileUri = (studentUuid: string) => `/v1/${profileKey(studentUuid)}`;

/** `POST /v1/students`: an admin registers a student with a profile photo. */
export const createStudent = (ctx: AuthContext) => async (input: NewStudent, profile: Upload) => {
  const pwHash = await hashPassword(input.student_pw);
  return ctx.store.transaction(async (tx) => {
    const repo = accounts(tx.db);
    if (await repo.student({ id: input.student_id })) {
      throw conflict(AUTH_CODES.studentIdTaken, `student id ${input.student_id} is already taken; choose another`);
    }
    if (input.parent_uuid && !(await repo.parent({ uuid: input.parent_uuid }))) {
      throw conflict(AUTH_CODES.parentUnknown, `parent ${input.parent_uuid} does not exist; create the parent first`);
    }
    await assertSeatAndPhoneFree(tx.db, input);
    const uuid = accountUuid('student', digit);
    await insertStudent(ctx, tx, uuid, { ...input, pw_hash: pwHash, profile_uri: profileUri(uuid) });
    await files(tx.db).put(profileKey(uuid), profile.contentType, profile.data, now(ctx));
    return uuid;
  });
};

/** Replaces a student's profile photo (admin, or the student). */
export const replaceProfile = (ctx: AuthContext) => async (caller: Caller, studentUuid: string, profile: Upload) => {
  assertSelfOrAdmin(caller, studentUuid);
  await ctx.store.transaction(async (tx) => {
    if (!(await accounts(tx.db).student({ uuid: studentUuid })))
      throw notFound(`student ${studentUuid} does not exist`);
    await files(tx.db).put(profileKey(studentUuid), profile.contentType, profile.data, now(ctx));
    await tx.db
      .updateTable('students')
      .set({ profile_uri: profileUri(studentUuid) })
      .where('uuid', '=', studentUuid)
      .execute();
  });
};

export const readProfile = (ctx: AuthContext) => async (studentUuid: string) => {
  const file = await files(ctx.store.db).get(profileKey(studentUuid));
  if (!file) throw notFound(`student ${studentUuid} has no profile image`);
  return file;
};

async function assertSeatAndPhoneFree(db: Kysely<AuthTables>, seat: Omit<Seat, 'name'> & { phone_number: string }) {
  const repo = accounts(db);
  if (await repo.studentAtSeat(seat)) {
    throw conflict(
      AUTH_CODES.seatTaken,
      `grade ${seat.grade} class ${seat.group} number ${seat.student_number} already has a student`,
    );
  }
  if (await repo.studentsWithPhone(seat.phone_number)) {
    throw conflict(AUTH_CODES.studentPhoneTaken, `phone number ${seat.phone_number} belongs to another student`);
  }
}

/**
 * Inserts a student and links them to a parent: the one given, or else a parent who declared a child at
 * this seat with this name (the sign-up direction of the parent↔child link, spec §2.1).
 */
async function insertStudent(
  ctx: AuthContext,
  tx: Tx<AuthTables>,
  uuid: string,
  input: Omit<NewStudent, 'student_pw'> & { pw_hash: string; profile_uri: string },
) {
  let parentUuid = input.parent_uuid ?? null;
  const declared = await tx.db
    .selectFrom('parent_children')
    .selectAll()
    .where('grade', '=', input.grade)
    .where('group_no', '=', input.group)
    .where('student_number', '=', input.student_number)
    .where('name', '=', input.name)
    .where('student_uuid', 'is', null)
    .orderBy('id')
    .execute();
  const match = parentUuid ? declared.find((d) => d.parent_uuid === parentUuid) : declared[0];
  if (match) {
    parentUuid ??= match.parent_uuid;
    await tx.db.updateTable('parent_children').set({ student_uuid: uuid }).where('id', '=', match.id).execute();
  }
  try {
    await tx.db
      .insertInto('students')
      .values({
        uuid,
        student_id: input.student_id,
        pw_hash: input.pw_hash,
        parent_uuid: parentUuid,
        grade: input.grade,
        group_no: input.group,
        student_number: input.student_number,
        name: input.name,
        phone_number: input.phone_number,
        profile_uri: input.profile_uri,
        parent_status: parentUuid ? LINKED : UNLINKED,
        created_at: now(ctx),
      })
      .execute();
  } catch (error) {
    // Two sign-ups racing for the same id, seat or phone: the loser hears what the checks would have said.
    if (isUniqueViolation(error)) throw conflict(0, 'the student id, seat or phone number was just taken; try again');
    throw error;
  }
}

export interface NewParent {
  parent_id: string;
  parent_pw: string;
  name: string;
  phone_number?: string | undefined;
  children: { grade: number; group: number; student_number: number; name: string }[];
}

/** `POST /v1/parents`: an admin registers a parent and the children they declare; existing students are linked. */
export const createParent = (ctx: AuthContext) => async (input: NewParent) => {
  const pwHash = await hashPassword(input.parent_pw);
  return ctx.store.transaction(async (tx) => {
    const repo = accounts(tx.db);
    if (await repo.parent({ id: input.parent_id })) {
      throw conflict(AUTH_CODES.parentIdTaken, `parent id ${input.parent_id} is already taken; choose another`);
    }
    if (input.phone_number) {
      const taken = await tx.db
        .selectFrom('parents')
        .select('uuid')
        .where('phone_number', '=', input.phone_number)
        .executeTakeFirst();
      if (taken)
        throw conflict(AUTH_CODES.parentPhoneTaken, `phone number ${input.phone_number} belongs to another parent`);
    }
    const uuid = accountUuid('parent', digit);
    await tx.db
      .insertInto('parents')
      .values({
        uuid,
        parent_id: input.parent_id,
        pw_hash: pwHash,
        name: input.name,
        phone_number: input.phone_number || null,
        created_at: now(ctx),
      })
      .execute();
    for (const child of input.children) {
      const student = await repo.studentAtSeat(child);
      const matches = student && student.name === child.name;
      await tx.db
        .insertInto('parent_children')
        .values({
          parent_uuid: uuid,
          grade: child.grade,
          group_no: child.group,
          student_number: child.student_number,
          name: child.name,
          student_uuid: matches ? student.uuid : null,
        })
        .execute();
      if (matches) {
        await tx.db
          .updateTable('students')
          .set({ parent_uuid: uuid, parent_status: LINKED })
          .where('uuid', '=', student.uuid)
          .execute();
      }
    }
    return uuid;
  });
};

export interface NewTeacher {
  teacher_id: string;
  teacher_pw: string;
  grade: number;
  group: number;
  name: string;
  phone_number: string;
}

/** `POST /v1/teachers`: self sign-up; the account signs in once an admin certified it. */
export const createTeacher = (ctx: AuthContext) => async (input: NewTeacher) => {
  const pwHash = await hashPassword(input.teacher_pw);
  return ctx.store.transaction(async (tx) => {
    const repo = accounts(tx.db);
    if (await repo.teacher({ id: input.teacher_id })) {
      throw conflict(AUTH_CODES.teacherIdTaken, `teacher id ${input.teacher_id} is already taken; choose another`);
    }
    const phone = await tx.db
      .selectFrom('teachers')
      .select('uuid')
      .where('phone_number', '=', input.phone_number)
      .executeTakeFirst();
    if (phone)
      throw conflict(AUTH_CODES.teacherPhoneTaken, `phone number ${input.phone_number} belongs to another teacher`);
    if (hasHomeroom(input) && (await repo.homeroomTeacher(input.grade, input.group))) {
      throw conflict(
        AUTH_CODES.homeroomTaken,
        `grade ${input.grade} class ${input.group} already has a homeroom teacher`,
      );
    }
    const uuid = accountUuid('teacher', digit);
    await tx.db
      .insertInto('teachers')
      .values({
        uuid,
        teacher_id: input.teacher_id,
        pw_hash: pwHash,
        certified: 0,
        grade: input.grade,
        group_no: input.group,
        name: input.name,
        phone_number: input.phone_number,
        created_at: now(ctx),
      })
      .execute();
    return uuid;
  });
};

/** `POST /v1/teachers/uuid/:teacher_uuid/certify` (new): an admin lets a self-registered teacher sign in. */
export const certifyTeacher = (ctx: AuthContext) => async (teacherUuid: string) => {
  const result = await ctx.store.db
    .updateTable('teachers')
    .set({ certified: 1 })
    .where('uuid', '=', teacherUuid)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound(`teacher ${teacherUuid} does not exist`);
};

const BAD_CREDENTIALS = 'the id or the password is wrong; check both and sign in again';

/**
 * Signs a caller in. An unknown id and a wrong password get the same 401 (same code, same words, same time);
 * a teacher who gave the right password but is not certified yet hears so (409 -413).
 */
export const login =
  (ctx: AuthContext, issuer: TokenIssuer) =>
  async (role: Role, id: string, password: string): Promise<{ uuid: string; token: string }> => {
    const repo = accounts(ctx.store.db);
    const row =
      role === 'student'
        ? await repo.student({ id })
        : role === 'teacher'
          ? await repo.teacher({ id })
          : role === 'parent'
            ? await repo.parent({ id })
            : await repo.admin({ id });
    // Hash even for an unknown id, so the answer's timing does not say which ids exist.
    const matches = await verifyPassword(password, row?.pw_hash ?? DUMMY_HASH);
    const certified = row && 'certified' in row ? row.certified === 1 : undefined;
    const refusal = loginRefusal(row && { ...(certified === undefined ? {} : { certified }) }, matches);
    if (refusal === 'bad-credentials') {
      throw unauthorized(BAD_CREDENTIALS, AUTH_CODES.login[role].badCredentials);
    }
    if (refusal === 'not-certified') {
      throw conflict(
        AUTH_CODES.login.teacher.notCertified,
        'this teacher account is not certified yet; ask an admin to certify it',
      );
    }
    const { token } = await issuer.issue(row!.uuid, role);
    return { uuid: row!.uuid, token };
  };

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const TABLE_OF = { student: 'students', teacher: 'teachers', parent: 'parents', admin: 'admins' } as const;

/** `PUT /v1/{students,teachers,parents}/uuid/:uuid/password`: the account itself or an admin. */
export const changePassword =
  (ctx: AuthContext) =>
  async (caller: Caller, role: Exclude<Role, 'admin'>, uuid: string, current: string, revision: string) => {
    assertSelfOrAdmin(caller, uuid);
    const table = TABLE_OF[role];
    const row = await ctx.store.db.selectFrom(table).select('pw_hash').where('uuid', '=', uuid).executeTakeFirst();
    if (!row) throw notFound(`${role} ${uuid} does not exist`);
    // The seed asks for the current password even when an admin changes it.
    if (!(await verifyPassword(current, row.pw_hash))) {
      throw conflict(AUTH_CODES.wrongCurrentPassword[role], 'the current password is wrong');
    }
    const pwHash = await hashPassword(revision);
    await ctx.store.db.updateTable(table).set({ pw_hash: pwHash }).where('uuid', '=', uuid).execute();
  };

/** The uuids of the caller's children when the caller is a parent; nobody's otherwise. */
async function childrenOfCaller(db: Kysely<AuthTables>, caller: Caller): Promise<ReadonlySet<string>> {
  if (caller.role !== 'parent') return new Set();
  return new Set((await accounts(db).childrenOf(caller.uuid)).map((row) => row.uuid));
}

/**
 * `GET /v1/students/uuid/:uuid`. The phone number and the parent status are private: the student, their
 * parents, teachers and admins see them; any other student or parent gets the same fields with both empty
 * (the name, class, number and photo the school shows anyone signed in). The student's own read consumes the
 * one-shot parent status.
 */
export const readStudent = (ctx: AuthContext) => async (caller: Caller, uuid: string) =>
  ctx.store.transaction(async (tx) => {
    const row = await accounts(tx.db).student({ uuid });
    if (!row) throw notFound(`student ${uuid} does not exist`);
    const { shown, next } = showParentStatus(row.parent_status);
    if (caller.uuid === uuid && next !== row.parent_status) {
      await tx.db.updateTable('students').set({ parent_status: next }).where('uuid', '=', uuid).execute();
    }
    const privateToo = seesPrivateFields(caller, uuid, await childrenOfCaller(tx.db, caller));
    return {
      name: row.name,
      phone_number: privateToo ? row.phone_number : '',
      profile_uri: row.profile_uri,
      parent_status: privateToo ? shown : '',
      grade: row.grade,
      group: row.group_no,
      student_number: row.student_number,
    };
  });

export interface StudentQuery {
  grade?: number;
  group?: number;
  student_number?: number;
  name?: string;
  phone_number?: string;
  profile_uri?: string;
}

/** `GET /v1/student-uuids`: students matching every given field. */
export const findStudentUuids = (ctx: AuthContext) => async (query: StudentQuery) => {
  let q = ctx.store.db.selectFrom('students').select('uuid');
  if (query.grade) q = q.where('grade', '=', query.grade);
  if (query.group) q = q.where('group_no', '=', query.group);
  if (query.student_number) q = q.where('student_number', '=', query.student_number);
  if (query.name) q = q.where('name', '=', query.name);
  if (query.phone_number) q = q.where('phone_number', '=', query.phone_number);
  if (query.profile_uri) q = q.where('profile_uri', '=', query.profile_uri);
  const rows = await q.orderBy('grade').orderBy('group_no').orderBy('student_number').execute();
  if (rows.length === 0) throw conflict(AUTH_CODES.noStudents, 'no student matches the query');
  return rows.map((r) => r.uuid);
};

/**
 * `POST /v1/students/with-uuids`: the students, in the order asked; one unknown uuid fails the lot. The phone
 * number is private as in `readStudent`: empty for a student the caller may not see it of.
 */
export const studentsWithUuids = (ctx: AuthContext) => async (caller: Caller, uuids: readonly string[]) => {
  if (uuids.length === 0) return [];
  const children = await childrenOfCaller(ctx.store.db, caller);
  const rows = await ctx.store.db
    .selectFrom('students')
    .selectAll()
    .where('uuid', 'in', [...new Set(uuids)])
    .execute();
  const byUuid = new Map(rows.map((r) => [r.uuid, r]));
  return uuids.map((uuid) => {
    const row = byUuid.get(uuid);
    if (!row) throw conflict(AUTH_CODES.studentUnknown, `student ${uuid} does not exist`);
    const inform = studentInform(row);
    return seesPrivateFields(caller, uuid, children) ? inform : { ...inform, phone_number: '' };
  });
};

/** `GET /v1/students/uuid/:uuid/parent`: the student or an admin. */
export const parentOfStudent = (ctx: AuthContext) => async (caller: Caller, uuid: string) => {
  assertSelfOrAdmin(caller, uuid);
  const repo = accounts(ctx.store.db);
  const student = await repo.student({ uuid });
  if (!student) throw notFound(`student ${uuid} does not exist`);
  const parent = student.parent_uuid ? await repo.parent({ uuid: student.parent_uuid }) : undefined;
  if (!parent) throw conflict(0, `student ${uuid} is not linked to a parent`);
  return { parent_uuid: parent.uuid, name: parent.name, phone_number: parent.phone_number ?? '' };
};

/** `GET /v1/students/auth-code/:auth_code`: who an auth code was made for, before they sign up with it. */
export const unsignedByCode = (ctx: AuthContext) => async (authCode: number) => {
  const row = await ctx.store.db
    .selectFrom('unsigned_students')
    .selectAll()
    .where('auth_code', '=', authCode)
    .executeTakeFirst();
  if (!row) throw notFound(`no unsigned student has the auth code ${authCode}`);
  return {
    name: row.name,
    phone_number: row.phone_number,
    grade: row.grade,
    group: row.group_no,
    student_number: row.student_number,
  };
};

/** `POST /v1/students/with-code`: an imported student signs up; a parent who declared them is linked. */
export const signUpWithCode =
  (ctx: AuthContext) => async (input: { auth_code: number; student_id: string; student_pw: string }) => {
    const pwHash = await hashPassword(input.student_pw);
    return ctx.store.transaction(async (tx) => {
      const unsigned = await tx.db
        .selectFrom('unsigned_students')
        .selectAll()
        .where('auth_code', '=', input.auth_code)
        .executeTakeFirst();
      if (!unsigned) throw notFound(`no unsigned student has the auth code ${input.auth_code}`);
      if (await accounts(tx.db).student({ id: input.student_id })) {
        throw conflict(0, `student id ${input.student_id} is already taken; choose another`);
      }
      const seat = {
        grade: unsigned.grade,
        group: unsigned.group_no,
        student_number: unsigned.student_number,
        phone_number: unsigned.phone_number,
      };
      await assertSeatAndPhoneFree(tx.db, seat);
      const uuid = accountUuid('student', digit);
      await insertStudent(ctx, tx, uuid, {
        student_id: input.student_id,
        ...seat,
        name: unsigned.name,
        pw_hash: pwHash,
        profile_uri: '',
      });
      await tx.db.deleteFrom('unsigned_students').where('auth_code', '=', input.auth_code).execute();
      return uuid;
    });
  };

export const readTeacher = (ctx: AuthContext) => async (uuid: string) => {
  const row = await accounts(ctx.store.db).teacher({ uuid });
  if (!row) throw notFound(`teacher ${uuid} does not exist`);
  return { name: row.name, phone_number: row.phone_number, grade: row.grade, group: row.group_no };
};

export const findTeacherUuids =
  (ctx: AuthContext) => async (query: { grade?: number; group?: number; name?: string; phone_number?: string }) => {
    let q = ctx.store.db.selectFrom('teachers').select('uuid');
    if (query.grade) q = q.where('grade', '=', query.grade);
    if (query.group) q = q.where('group_no', '=', query.group);
    if (query.name) q = q.where('name', '=', query.name);
    if (query.phone_number) q = q.where('phone_number', '=', query.phone_number);
    const rows = await q.orderBy('created_at').execute();
    if (rows.length === 0) throw conflict(AUTH_CODES.noTeachers, 'no teacher matches the query');
    return rows.map((r) => r.uuid);
  };

/** `PATCH /v1/teachers/uuid/:uuid`: the teacher or an admin changes the phone number. */
export const updateTeacher = (ctx: AuthContext) => async (caller: Caller, uuid: string, phone?: string) => {
  assertSelfOrAdmin(caller, uuid);
  await ctx.store.transaction(async (tx) => {
    if (!(await accounts(tx.db).teacher({ uuid }))) throw notFound(`teacher ${uuid} does not exist`);
    if (!phone) return;
    const taken = await tx.db
      .selectFrom('teachers')
      .select('uuid')
      .where('phone_number', '=', phone)
      .where('uuid', '!=', uuid)
      .executeTakeFirst();
    if (taken) throw conflict(AUTH_CODES.teacherPhoneTaken, `phone number ${phone} belongs to another teacher`);
    await tx.db.updateTable('teachers').set({ phone_number: phone }).where('uuid', '=', uuid).execute();
  });
};

export const readParent = (ctx: AuthContext) => async (uuid: string) => {
  const row = await accounts(ctx.store.db).parent({ uuid });
  if (!row) throw notFound(`parent ${uuid} does not exist`);
  return { name: row.name, phone_number: row.phone_number ?? '' };
};

export const findParentUuids = (ctx: AuthContext) => async (query: { name?: string; phone_number?: string }) => {
  let q = ctx.store.db.selectFrom('parents').select('uuid');
  if (query.name) q = q.where('name', '=', query.name);
  if (query.phone_number) q = q.where('phone_number', '=', query.phone_number);
  const rows = await q.orderBy('created_at').execute();
  if (rows.length === 0) throw conflict(AUTH_CODES.noParents, 'no parent matches the query');
  return rows.map((r) => r.uuid);
};

/** `GET /v1/parents/uuid/:uuid/children`: the parent's children who have accounts (admin, or the parent). */
export const childrenOfParent = (ctx: AuthContext) => async (caller: Caller, uuid: string) => {
  assertSelfOrAdmin(caller, uuid);
  return (await accounts(ctx.store.db).childrenOf(uuid)).map(studentInform);
};

/** Imports an Excel roster: rows whose seat has a student or an unsigned entry already are not added. */
export const importRoster = (ctx: AuthContext) => async (rows: readonly RosterRow[]) =>
  ctx.store.transaction(async (tx) => {
    let added = 0;
    for (const row of rows) {
      const seat = (table: 'students' | 'unsigned_students') =>
        tx.db
          .selectFrom(table)
          .select('grade')
          .where('grade', '=', row.grade)
          .where('group_no', '=', row.group)
          .where('student_number', '=', row.student_number)
          .executeTakeFirst();
      if ((await seat('students')) || (await seat('unsigned_students'))) continue;
      await tx.db
        .insertInto('unsigned_students')
        .values({
          auth_code: await freshAuthCode(tx.db),
          grade: row.grade,
          group_no: row.group,
          student_number: row.student_number,
          name: row.name,
          phone_number: row.phone_number,
          created_at: now(ctx),
        })
        .execute();
      added++;
    }
    return { req_student_count: rows.length, add_count: added, no_add_count: rows.length - added };
  });

async function freshAuthCode(db: Kysely<AuthTables>): Promise<number> {
  for (;;) {
    const code = randomInt(100_000, 1_000_000);
    const used = await db
      .selectFrom('unsigned_students')
      .select('auth_code')
      .where('auth_code', '=', code)
      .executeTakeFirst();
    if (!used) return code;
  }
}

/** `POST /v1/join-sms/unsigned-students`: texts each matching unsigned student their auth code. */
export const sendJoinSms =
  (ctx: AuthContext) => async (filter: { grade?: number; group?: number; student_number?: number }) =>
    ctx.store.transaction(async (tx) => {
      let q = tx.db.selectFrom('unsigned_students').selectAll();
      if (filter.grade) q = q.where('grade', '=', filter.grade);
      if (filter.group) q = q.where('group_no', '=', filter.group);
      if (filter.student_number) q = q.where('student_number', '=', filter.student_number);
      const rows = await q.execute();
      let sent = 0;
      for (const row of rows) {
        if (!row.phone_number) continue;
        await notifications(tx.db).add(
          {
            to_uuid: null,
            phone_number: row.phone_number,
            text: `[학교] ${row.name} 학생의 가입 인증 코드는 ${row.auth_code} 입니다.`,
            reason: 'join-code',
          },
          now(ctx),
        );
        sent++;
      }
      // The seed reported the sent count twice; the second number is the ones that could not be sent.
      return { send_count: sent, no_send_count: rows.length - sent };
    });

/** Policy: whenever SmsRequested then the message goes to the outbox, to the account's phone. */
export async function deliverSms(tx: Tx<AuthTables>, message: SmsRequested, at: string): Promise<boolean> {
  const repo = accounts(tx.db);
  let target: { uuid: string; phone_number: string | null } | undefined;
  if (message.to_uuid) {
    target =
      (await repo.student({ uuid: message.to_uuid })) ??
      (await repo.teacher({ uuid: message.to_uuid })) ??
      (await repo.parent({ uuid: message.to_uuid }));
  } else if (message.to_parent_of) {
    const student = await repo.student({ uuid: message.to_parent_of });
    target = student?.parent_uuid ? await repo.parent({ uuid: student.parent_uuid }) : undefined;
  } else if (message.to_homeroom_of) {
    const student = await repo.student({ uuid: message.to_homeroom_of });
    target = student ? await repo.homeroomTeacher(student.grade, student.group_no) : undefined;
  }
  if (!target?.phone_number || target.uuid === message.except_uuid) return false;
  await notifications(tx.db).add(
    { to_uuid: target.uuid, phone_number: target.phone_number, text: message.text, reason: message.reason },
    at,
  );
  return true;
}

/**
 * First start with an empty store: the admin everyone starts from. Its password comes from
 * MOSAIC_SCHOOL_ADMIN_PASSWORD or is generated; a generated one is returned (to be shown once).
 */
export const ensureAdmin = (ctx: AuthContext) => async (password: string | undefined) => {
  const existing = await ctx.store.db.selectFrom('admins').select('uuid').executeTakeFirst();
  if (existing) return undefined;
  const chosen = password ?? generatedPassword();
  const pwHash = await hashPassword(chosen);
  try {
    await ctx.store.db
      .insertInto('admins')
      .values({
        uuid: BOOTSTRAP_ADMIN.uuid,
        admin_id: BOOTSTRAP_ADMIN.id,
        pw_hash: pwHash,
        name: BOOTSTRAP_ADMIN.name,
        created_at: now(ctx),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) return undefined; // another replica created it first
    throw error;
  }
  return { id: BOOTSTRAP_ADMIN.id, password: chosen, generated: password === undefined };
};

function generatedPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const countAccounts = (ctx: AuthContext) => () => accounts(ctx.store.db).count();

export function assertSelfOrAdmin(caller: Caller, uuid: string): void {
  if (caller.role !== 'admin' && caller.uuid !== uuid) {
    throw forbidden(`only the account ${uuid} itself or an admin may do this`);
  }
}
