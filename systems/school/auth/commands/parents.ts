import { hashPassword } from '@mosaic/kit/auth';
import { conflict, notFound } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import { accountUuid, LINKED } from '../domain.ts';
import { accounts, studentInform } from '../store/accounts.ts';
import { AUTH_CODES } from './codes.ts';
import { type AuthContext, assertSelfOrAdmin, digit, now } from './context.ts';

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
