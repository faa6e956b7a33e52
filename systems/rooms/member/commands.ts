import { hashPassword, type TokenIssuer, tokenIssuerOf, verifyPassword } from '@mosaic/kit/auth';
import type { Static } from '@mosaic/kit/http';
import { conflict, HttpError, type ServiceContext } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation } from '@mosaic/kit/store';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TOKEN_LIFETIME_SEC } from '../contracts/accounts.ts';
import { roomsEvent } from '../contracts/events.ts';
import type { NewMember } from './schemas.ts';
import type { MemberRow, MemberTables } from './store.ts';

export type MemberContext = ServiceContext<MemberTables>;

/** Member's issuer (the kit's, keys in member's `signing_keys`); `started` makes sure a key exists. */
export const issuerOf = (ctx: MemberContext): TokenIssuer =>
  tokenIssuerOf(ctx.store, {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    lifetimeSec: () => TOKEN_LIFETIME_SEC,
    longestLifetimeSec: TOKEN_LIFETIME_SEC,
  });

/** Adds a member; MemberJoined goes out with it, in the same transaction. */
export const addMember =
  (ctx: MemberContext) =>
  async (input: Static<typeof NewMember>): Promise<MemberRow> => {
    const row = {
      user_id: input.userId,
      name: input.name,
      email: input.email,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: ctx.clock().toISOString(),
    };
    try {
      return await ctx.store.transaction(async (tx) => {
        const id = await insertWithId(tx.db, 'members', row, 'id');
        await tx.publish(
          roomsEvent('MemberJoined', { userId: row.user_id, name: row.name, email: row.email, role: row.role }),
        );
        return { ...row, id };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('member-exists', `member ${input.userId} already exists; pick another 5-digit id`);
      }
      throw error;
    }
  };

/** Signs a member in: one answer for an unknown id and a wrong password, so ids cannot be probed. */
export const login = (ctx: MemberContext) => async (userId: string, password: string) => {
  const member = await ctx.store.db.selectFrom('members').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!member || !(await verifyPassword(password, member.password_hash))) {
    throw new HttpError('unauthenticated', 'that member id and password do not match; check both and try again');
  }
  const issued = await issuerOf(ctx).issue(member.user_id, member.role);
  return { member, issued };
};
