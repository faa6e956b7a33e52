import { hashPassword, verifyPassword } from '@mosaic/kit/auth';
import type { Role } from '../../contracts/accounts.ts';
import { conflict, notFound, unauthorized } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import { loginRefusal } from '../domain.ts';
import { accounts } from '../store/accounts.ts';
import type { TokenIssuer } from '../tokens.ts';
import { AUTH_CODES } from './codes.ts';
import { type AuthContext, assertSelfOrAdmin } from './context.ts';

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
