import { hashPassword } from '@mosaic/kit/auth';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { conflict, notFound } from '../../contracts/envelope.ts';
import { accountUuid, LINKED, type Seat, UNLINKED } from '../domain.ts';
import { accounts } from '../store/accounts.ts';
import { files } from '../store/files.ts';
import type { AuthTables } from '../store/tables.ts';
import { AUTH_CODES } from './codes.ts';
import { type AuthContext, digit, now } from './context.ts';
import { profileKey, profileUri, type Upload } from './profiles.ts';

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
