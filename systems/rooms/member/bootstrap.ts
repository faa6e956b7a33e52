import { randomBytes } from 'node:crypto';
import { HttpError } from '@mosaic/kit/service';
import { addMember, issuerOf, type MemberContext } from './commands.ts';

/** The first admin's id: the office's first account, which adds every other. */
export const FIRST_ADMIN = '00000';

/**
 * member's first steps, before it registers as ready: the gateway fetches the JWKS as soon as it sees member,
 * so a signing key must exist; and an office with no admin gets its first one, or nobody could add members.
 */
export async function bootstrapMember(ctx: MemberContext): Promise<void> {
  await issuerOf(ctx).ensureKey();
  const admin = await ctx.store.db.selectFrom('members').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (admin) return;
  const chosen = process.env.MOSAIC_ROOMS_ADMIN_PASSWORD || undefined;
  const password = chosen ?? randomBytes(12).toString('base64url');
  try {
    await addMember(ctx)({
      userId: FIRST_ADMIN,
      name: 'Administrator',
      email: 'admin@rooms.invalid',
      role: 'admin',
      password,
    });
  } catch (error) {
    // Another instance of member made it first.
    if (error instanceof HttpError && error.reason === 'conflict') return;
    throw error;
  }
  ctx.logger.info({ userId: FIRST_ADMIN }, 'rooms: first admin created');
  if (!chosen) {
    // Shown once, on the console only (never in the structured logs): it is stored only as a hash.
    console.log(
      `\n  rooms: created the first admin "${FIRST_ADMIN}" with the password ${password}\n` +
        '         (set MOSAIC_ROOMS_ADMIN_PASSWORD to choose it; it is shown only this once)\n',
    );
  }
}
