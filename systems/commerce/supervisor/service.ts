/**
 * supervisor: the shop's administrators. They sign in (`POST /supervisor-service/login`), refresh
 * (`GET /supervisor-service/restore`, refresh cookie) and log out; their tokens (role SUPERVISOR) are signed
 * with supervisor's own key, published at `/supervisor-service/jwks.json`. The first supervisor is created on
 * the first start; supervisors create sellers (seller service) and may call every route of the shop.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@mosaic/kit/auth';
import { defineService } from '@mosaic/kit/service';
import { managersOf } from '../accounts/managers.ts';
import { tokenSettings } from '../accounts/tokens.ts';
import { errorBody } from '../contracts/envelope.ts';
import { type SupervisorContext, supervisorEndpoints, supervisorIssuer } from './endpoints.ts';
import { migrations, type SupervisorTables } from './store.ts';

/** The seed's demo supervisor login (spec: "the seed's test accounts"). */
export const FIRST_SUPERVISOR_EMAIL = 'supervisor@benefits.com';

/**
 * Before supervisor listens: a signing key (the gateway fetches the JWKS as soon as it sees the service), and
 * a first supervisor, or nobody could ever create a seller.
 */
async function bootstrap(ctx: SupervisorContext): Promise<void> {
  await supervisorIssuer(ctx).ensureKey();
  const managers = managersOf(ctx.store);
  if (await managers.byEmail(FIRST_SUPERVISOR_EMAIL)) return;
  const chosen = process.env.MOSAIC_COMMERCE_SUPERVISOR_PASSWORD || undefined;
  // Meets the password rule: letters, digits and a sign.
  const password = chosen ?? `Sv${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}1!`;
  try {
    await managers.add({
      name: '관리자',
      email: FIRST_SUPERVISOR_EMAIL,
      password: await hashPassword(password),
      phone: '01000000000',
    });
  } catch (error) {
    // Another replica created it first: there is one first supervisor, whichever made it.
    if (await managers.byEmail(FIRST_SUPERVISOR_EMAIL)) return;
    throw error;
  }
  ctx.logger.info({ email: FIRST_SUPERVISOR_EMAIL }, 'commerce supervisor created');
  if (!chosen) {
    // Shown once, on the console only (never in the structured logs): it is stored only as a hash.
    console.log(
      `\n  commerce: created the supervisor "${FIRST_SUPERVISOR_EMAIL}" with the password ${password}\n` +
        '            (set MOSAIC_COMMERCE_SUPERVISOR_PASSWORD to choose it; it is shown only this once)\n',
    );
  }
}

export const supervisorService = defineService<SupervisorTables, never, typeof tokenSettings>({
  name: 'supervisor',
  system: 'commerce',
  migrations,
  settings: tokenSettings,
  endpoints: supervisorEndpoints,
  errorBody,
  started: bootstrap,
});
