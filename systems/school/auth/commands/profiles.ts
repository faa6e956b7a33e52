import { notFound } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import { accounts } from '../store/accounts.ts';
import { files } from '../store/files.ts';
import { type AuthContext, assertSelfOrAdmin, now } from './context.ts';

export interface Upload {
  contentType: string;
  data: Buffer;
}

export const profileKey = (studentUuid: string) => `profiles/uuids/${studentUuid}`;
/** Where the gateway serves a profile image back (auth's `GET /v1/profiles/uuids/:student_uuid`). */
export const profileUri = (studentUuid: string) => `/v1/${profileKey(studentUuid)}`;

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
