import { hashPassword } from '@mosaic/kit/auth';
import { conflict, notFound } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import { accountUuid, hasHomeroom } from '../domain.ts';
import { accounts } from '../store/accounts.ts';
import { AUTH_CODES } from './codes.ts';
import { type AuthContext, assertSelfOrAdmin, digit, now } from './context.ts';

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
