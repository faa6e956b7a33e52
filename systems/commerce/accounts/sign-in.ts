import type { RefreshSessions, TokenIssuer } from '@mosaic/kit/auth';
import { answer, type Endpoint, endpointsOf, HttpError } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { type Credentials, checkCredentials } from './passwords.ts';
import { LoginBody } from './schemas.ts';
import { clearedCookie, refreshCookieOf, signedIn } from './tokens.ts';

/** How one kind of account signs in: its service's paths, its issuer and its table. */
export interface SignInPlan<Ctx> {
  role: 'USER' | 'SELLER' | 'SUPERVISOR';
  /** `/user-service`: the refresh cookie's path, so each service only ever sees its own. */
  prefix: string;
  paths: { login: string; restore: string; logout: string; jwks: string };
  /** Who may log out here (the gateway revokes the access token of a successful logout). */
  logoutAuth: readonly string[];
  issuer(ctx: Ctx): TokenIssuer;
  sessions(ctx: Ctx): RefreshSessions;
  refreshTtl(ctx: Ctx): number;
  byEmail(ctx: Ctx, email: string): Promise<(Credentials & { email: string }) | undefined>;
  /** The e-mail of a REGISTERED account, else undefined: an unregistered one gets no new token (bug C-B11). */
  activeEmail(ctx: Ctx, id: number): Promise<string | undefined>;
  loggedIn(ctx: Ctx, id: number): Promise<void>;
}

/** Spec §2's user-service numbering for a refresh-token problem at the service (400, 4003). */
const refreshRefused = (detail: string) =>
  new HttpError('bad-request', detail, { code: 4003, rule: 'refresh-token-refused' });

/** Login, restore, logout and the public keys of one issuing service. */
export function signInEndpoints<Ctx>(plan: SignInPlan<Ctx>): Endpoint<Ctx>[] {
  const endpoint = endpointsOf<Ctx>();
  const role = plan.role;
  const issue = async (ctx: Ctx, id: number, email: string) => plan.issuer(ctx).issue(String(id), role, { email });

  const login = endpoint({
    method: 'POST',
    path: plan.paths.login,
    body: LoginBody,
    summary: `Sign in as a ${role}: an access token (1 h) and a refresh cookie (12 h)`,
    gateway: { auth: 'public' },
    handle: async (ctx, { body }) => {
      const account = await checkCredentials(await plan.byEmail(ctx, body.email.trim().toLowerCase()), body.password);
      const access = await issue(ctx, account.id, account.email);
      const refresh = await plan.sessions(ctx).open(account.id, plan.refreshTtl(ctx));
      await plan.loggedIn(ctx, account.id);
      return signedIn(access, refresh, plan.prefix);
    },
  });

  const restore = endpoint({
    method: 'GET',
    path: plan.paths.restore,
    summary: 'A new access token for the refresh cookie, and a new cookie: the old one is spent',
    // The access token has usually expired by now: the refresh cookie is the credential, checked here.
    gateway: { auth: 'public' },
    handle: async (ctx, { headers }) => {
      const presented = refreshCookieOf(headers);
      if (!presented) throw refreshRefused('인증 토큰 없음: sign in first (no refreshToken cookie)');
      const rotated = await plan.sessions(ctx).rotate(presented);
      if (!rotated) throw refreshRefused('유효하지 않은 토큰: the session ended (expired, logged out or reused)');
      const email = await plan.activeEmail(ctx, rotated.accountId);
      if (!email) {
        await plan.sessions(ctx).revokeAccount(rotated.accountId);
        throw refreshRefused('유효하지 않은 토큰: the account is no longer registered');
      }
      return signedIn(await issue(ctx, rotated.accountId, email), rotated, plan.prefix);
    },
  });

  const logout = endpoint({
    method: 'POST',
    path: plan.paths.logout,
    summary: 'Sign out: the access token is refused until it expires, and the session cannot be refreshed',
    gateway: { auth: plan.logoutAuth, revokesToken: true },
    handle: async (ctx, { headers }) => {
      // Without the cookie there is no session to end here; the access token is still revoked by the gateway.
      const presented = refreshCookieOf(headers);
      if (presented) await plan.sessions(ctx).revoke(presented);
      const answered = ok(200, null, { description: '로그아웃 처리 되었습니다.' });
      return answer(answered.status, answered.body, { 'set-cookie': clearedCookie(plan.prefix) });
    },
  });

  const jwks = endpoint({
    method: 'GET',
    path: plan.paths.jwks,
    summary: `The public keys ${role} access tokens are signed with (JWKS)`,
    gateway: { auth: 'public' },
    handle: async (ctx) => answer(200, await plan.issuer(ctx).jwks(), { 'cache-control': 'public, max-age=30' }),
  });

  return [login, restore, logout, jwks];
}
