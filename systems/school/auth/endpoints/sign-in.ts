import { answer } from '@mosaic/kit/service';
import { JWKS_PATH, ROLES, type Role } from '../../contracts/accounts.ts';
import { ok } from '../../contracts/envelope.ts';
import { requireCaller, requireRole } from '../../contracts/identity.ts';
import { login } from '../commands/credentials.ts';
import { loginBody } from '../schemas.ts';
import { issuerOf } from '../tokens.ts';
import { ANY, endpoint } from './common.ts';

/** `POST /v1/login/<role>`: one route per kind of account, each with its own field names (`student_id`…). */
const loginEndpoint = (role: Role) =>
  endpoint({
    method: 'POST',
    path: `/v1/login/${role}`,
    body: loginBody(role),
    summary: `Sign in as ${role === 'admin' ? 'an' : 'a'} ${role}: an access token and the account's uuid`,
    gateway: { auth: 'public' },
    handle: async (ctx, { body }) => {
      const signedIn = await login(ctx, issuerOf(ctx))(role, body[`${role}_id`]!, body[`${role}_pw`]!);
      return ok(200, `${role} login success`, { access_token: signedIn.token, [`${role}_uuid`]: signedIn.uuid });
    },
  });

// The gateway revokes the token on this route's success (revokesToken); there is nothing to do here.
const logout = endpoint({
  method: 'POST',
  path: '/v1/logout',
  summary: 'Sign out: this token is refused from now until it expires',
  gateway: { auth: ANY, revokesToken: true },
  handle: (_ctx, { caller }) => {
    requireCaller(caller);
    return ok(200, 'logged out: this token is revoked until it expires');
  },
});

const jwks = endpoint({
  method: 'GET',
  path: JWKS_PATH,
  summary: 'The public keys access tokens are signed with (JWKS)',
  gateway: { auth: 'public' },
  handle: async (ctx) => answer(200, await issuerOf(ctx).jwks(), { 'cache-control': 'public, max-age=30' }),
});

const rotateSigningKey = endpoint({
  method: 'POST',
  path: '/v1/signing-keys/rotate',
  summary: 'Publish a new signing key; it signs from active_from on (admins)',
  gateway: { auth: ['admin'] },
  handle: async (ctx, { caller }) => {
    requireRole(caller, ['admin']);
    const rotated = await issuerOf(ctx).rotate();
    return ok(200, 'a new signing key is published and signs from active_from on', rotated);
  },
});

export const signInEndpoints = [...ROLES.map(loginEndpoint), logout, jwks, rotateSigningKey];
