import type { Kysely } from 'kysely';
import { conflict, notFound } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import { seesPrivateFields, showParentStatus } from '../domain.ts';
import { accounts, studentInform } from '../store/accounts.ts';
import type { AuthTables } from '../store/tables.ts';
import { AUTH_CODES } from './codes.ts';
import { type AuthContext, assertSelfOrAdmin } from './context.ts';

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

/** The uuids of the caller's children when the caller is a parent; nobody's otherwise. */
async function childrenOfCaller(db: Kysely<AuthTables>, caller: Caller): Promise<ReadonlySet<string>> {
  if (caller.role !== 'parent') return new Set();
  return new Set((await accounts(db).childrenOf(caller.uuid)).map((row) => row.uuid));
}
