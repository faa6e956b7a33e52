import { randomInt } from 'node:crypto';
import { hashPassword } from '@mosaic/kit/auth';
import { isUniqueViolation } from '@mosaic/kit/store';
import { BOOTSTRAP_ADMIN } from '../../contracts/accounts.ts';
import { accounts } from '../store/accounts.ts';
import { type AuthContext, now } from './context.ts';

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
