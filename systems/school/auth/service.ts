import { defineService } from '@mosaic/kit/service';
import { ensureAdmin } from './commands.ts';
import { authRoutesOf } from './http.ts';
import { authPolicies } from './policies.ts';
import { type AuthTables, migrations } from './store.ts';
import { createTokenIssuer } from './tokens.ts';

/** Accounts, sign-in and tokens, profile images, the SMS outbox (spec §1.1, §2.1). */
export const authService = defineService<AuthTables>({
  name: 'auth',
  system: 'school',
  migrations,
  async routes(app, ctx) {
    // Before the service registers as ready: the gateway fetches the JWKS as soon as it sees auth, and a
    // first admin must exist for anyone to sign in.
    const issuer = createTokenIssuer(ctx.store.db);
    await issuer.ensureKey();
    const admin = await ensureAdmin(ctx)(process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD || undefined);
    if (admin) {
      ctx.logger.info({ adminId: admin.id }, 'school admin created');
      if (admin.generated) {
        // Shown once, on the console only (never in the structured logs): it is not stored anywhere readable.
        console.log(
          `\n  school: created the admin account "${admin.id}" with the password ${admin.password}\n` +
            '          (set MOSAIC_SCHOOL_ADMIN_PASSWORD to choose it; it is shown only this once)\n',
        );
      }
    }
    await authRoutesOf(app, ctx, issuer);
  },
  policies: (ctx) => authPolicies(ctx.clock),
});
