import { hashPassword, refreshSessionsOf } from '@mosaic/kit/auth';
import { HttpError, type ServiceContext } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation } from '@mosaic/kit/store';
import type { tokenSettings } from '../accounts/tokens.ts';
import { type Caller, requireRole } from '../contracts/identity.ts';
import type { settings } from './settings.ts';
import type { UserTables } from './store.ts';
import type { User } from './views.ts';

export type UserContext = ServiceContext<UserTables, never, typeof tokenSettings & typeof settings>;

/** The seed's 406 "본인과 일치하는 사용자가 아닙니다": a user acts only on their own account. */
class NotYours extends HttpError {
  override readonly status = 406;
}

/**
 * `@UserSelfRole`: a USER only on their own id; a SUPERVISOR on anyone's (the seed let supervisors through
 * the gateway and then refused them here, gap C-G11).
 */
export function assertSelf(caller: Parameters<typeof requireRole>[0], userId: number): Caller {
  const who = requireRole(caller, ['USER', 'SUPERVISOR']);
  if (who.role === 'USER' && who.id !== userId) {
    throw new NotYours('forbidden', '본인과 일치하는 사용자가 아닙니다', { rule: 'not-your-account' });
  }
  return who;
}

export const userNotFound = (id: number | string) =>
  new HttpError('not-found', `해당 유저가 존재하지 않습니다 (user ${id})`, { rule: 'user-not-found' });

const now = () => new Date().toISOString();

/** Sign-up: the account and its BRONZE profile, together or not at all. */
export async function signUp(
  ctx: UserContext,
  input: { name: string; email: string; password: string; phone: string },
): Promise<number> {
  const password = await hashPassword(input.password);
  try {
    return await ctx.store.transaction(async (tx) => {
      const id = await insertWithId(
        tx.db,
        'users',
        { ...input, email: input.email.trim().toLowerCase(), password, status: 'REGISTERED', registered_at: now() },
        'id',
      );
      await tx.db
        .insertInto('profiles')
        .values({ user_id: id, profile_image_url: null, nick_name: null, grade: 'BRONZE' })
        .execute();
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpError('bad-request', '이미 등록한 회원입니다.', { rule: 'email-taken' });
    throw error;
  }
}

/** A user; `anyStatus` for a supervisor's look (the owner sees only a REGISTERED account). */
export async function findUser(ctx: UserContext, id: number, anyStatus = false): Promise<User> {
  const user = await ctx.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user || (!anyStatus && user.status !== 'REGISTERED')) throw userNotFound(id);
  return user;
}

export async function changeUser(
  ctx: UserContext,
  id: number,
  change: { name: string; password: string; phone: string },
  anyStatus: boolean,
): Promise<void> {
  await findUser(ctx, id, anyStatus);
  const password = await hashPassword(change.password);
  await ctx.store.db
    .updateTable('users')
    .set({ ...change, password })
    .where('id', '=', id)
    .execute();
}

/** Soft delete: UNREGISTERED from now on, and every session of the account ends. */
export async function unregister(ctx: UserContext, id: number, anyStatus: boolean): Promise<void> {
  const user = await findUser(ctx, id, anyStatus);
  if (user.status === 'REGISTERED') {
    await ctx.store.db
      .updateTable('users')
      .set({ status: 'UNREGISTERED', unregistered_at: now() })
      .where('id', '=', id)
      .execute();
  }
  await refreshSessionsOf(ctx.store).revokeAccount(id);
}

export async function profileOf(ctx: UserContext, userId: number) {
  const profile = await ctx.store.db
    .selectFrom('profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!profile) throw new HttpError('not-found', '사용자 프로필이 존재하지 않습니다', { rule: 'profile-not-found' });
  return profile;
}
