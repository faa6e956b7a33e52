import { ensureAdmin } from './commands/admin.ts';
import type { AuthContext } from './commands/context.ts';
import { issuerOf } from './tokens.ts';

/**
 * Auth's first steps, before it registers as ready: the gateway fetches the JWKS as soon as it sees auth, so a
 * signing key must exist; and a first admin must exist for anyone to sign in.
 */
export async function bootstrapAuth(ctx: AuthContext): Promise<void> {
  await issuerOf(ctx).ensureKey();
  const admin = await ensureAdmin(ctx)(process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD || undefined);
  if (!admin) return;
  ctx.logger.info({ adminId: admin.id }, 'school admin created');
  if (admin.generated) {
    // Shown once, on the console only (never in the structured logs): it is not stored anywhere readable.
    console.log(
      `\n  school: created the admin account "${admin.id}" with the password ${admin.password}\n` +
        '          (set MOSAIC_SCHOOL_ADMIN_PASSWORD to choose it; it is shown only this once)\n',
    );
  }
}
