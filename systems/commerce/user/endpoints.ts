import { refreshSessionsOf } from '@mosaic/kit/auth';
import { endpointsOf } from '@mosaic/kit/service';
import { AccountParams, NewAccount } from '../accounts/schemas.ts';
import { signInEndpoints } from '../accounts/sign-in.ts';
import { accessIssuer, issuerName } from '../accounts/tokens.ts';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SUPER, AUTH_USER, OPEN_API, requireRole } from '../contracts/identity.ts';
import { listQuery, paginationOf } from '../contracts/paging.ts';
import { addressesOf, addressOf } from './addresses.ts';
import { assertSelf, findUser, signUp, type UserContext, userNotFound } from './commands.ts';
import { PREFIX } from './prefix.ts';
import { EmailQuery, UserAddressParams } from './schemas.ts';
import { selfRoutes } from './self-routes.ts';
import { addressView, userView } from './views.ts';

/** The gateway reads user tokens' keys here (accounts.ts). */
export const USER_JWKS_PATH = `${PREFIX}/open-api/jwks.json`;

export const userIssuer = (ctx: UserContext) =>
  accessIssuer(ctx.store, issuerName('user'), () => ctx.settings.get('token.access_ttl'));

const endpoint = endpointsOf<UserContext>();

/** The whole UserResponse: the account, its profile and its addresses. */
async function fullUser(ctx: UserContext, id: number, anyStatus: boolean) {
  const user = await findUser(ctx, id, anyStatus);
  const profile = await ctx.store.db.selectFrom('profiles').selectAll().where('user_id', '=', id).executeTakeFirst();
  return userView(user, profile, await addressesOf(ctx, id));
}

/** U1: sign-up. HTTP 201 with result_code 201 (the seed answered 200, bug C-B14). */
const register = endpoint({
  method: 'POST',
  path: `${PREFIX}/open-api/users`,
  body: NewAccount,
  summary: 'Sign up: a USER account with its BRONZE profile',
  gateway: OPEN_API,
  handle: async (ctx, { body }) => {
    const id = await signUp(ctx, body);
    const user = await fullUser(ctx, id, false);
    return ok(201, { ...user, address_list: null });
  },
});

/**
 * U2: a registered user as anyone may see them. The seed's open route also gave away the e-mail and phone
 * number of any account by its id; here an anonymous caller gets the name and profile only.
 */
const publicUser = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/users/:id`,
  params: AccountParams,
  summary: 'A registered user as anyone sees them: name and profile (no e-mail, phone or addresses)',
  gateway: OPEN_API,
  handle: async (ctx, { params }) => {
    const { email: _email, phone: _phone, ...shown } = await fullUser(ctx, params.id, false);
    return ok(200, { ...shown, address_list: null });
  },
});

/** U7: the caller's own account found by e-mail (a supervisor: anyone's). */
const userByEmail = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-user/users`,
  query: EmailQuery,
  summary: 'Your own account, by your e-mail',
  gateway: AUTH_USER,
  handle: async (ctx, { query, caller }) => {
    const email = query.email.trim().toLowerCase();
    const found = await ctx.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    // Checked before "not found", so a user cannot probe which e-mails have accounts.
    assertSelf(caller, found?.id ?? 0);
    if (!found) throw userNotFound(email);
    return ok(200, await fullUser(ctx, found.id, false));
  },
});

/** U16: every user in every status, newest first. */
const listUsers = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-super/users`,
  query: listQuery({}),
  summary: 'Every user in every status, newest first, a page at a time',
  gateway: AUTH_SUPER,
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    const db = ctx.store.db;
    const users = await db
      .selectFrom('users')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(query.size)
      .offset(query.page * query.size)
      .execute();
    const counted = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await Promise.all(users.map((u) => fullUser(ctx, u.id, true)));
    return ok(200, rows, { pagination: paginationOf(query, { rows, total: Number(counted.total) }) });
  },
});

/**
 * One address of one user, for order (it copies the delivery address into the order when it is placed): an
 * address of another user is "not found", so an order can never be sent to someone else's address.
 */
const deliveryAddress = endpoint({
  method: 'GET',
  path: `${PREFIX}/internal/users/:user_id/addresses/:address_id`,
  params: UserAddressParams,
  summary: "One of a user's addresses (order copies it into a new order)",
  gateway: 'internal',
  handle: async (ctx, { params }) => ok(200, addressView(await addressOf(ctx, params.user_id, params.address_id))),
});

export const userEndpoints = [
  deliveryAddress,
  register,
  publicUser,
  ...signInEndpoints<UserContext>({
    role: 'USER',
    prefix: PREFIX,
    paths: {
      login: `${PREFIX}/open-api/login`,
      restore: `${PREFIX}/auth-user/restore`,
      logout: `${PREFIX}/auth-user/logout`,
      jwks: USER_JWKS_PATH,
    },
    logoutAuth: AUTH_USER.auth,
    issuer: userIssuer,
    sessions: (ctx) => refreshSessionsOf(ctx.store),
    refreshTtl: (ctx) => ctx.settings.get('token.refresh_ttl'),
    byEmail: (ctx, email) => ctx.store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst(),
    activeEmail: async (ctx, id) => {
      const user = await ctx.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return user?.status === 'REGISTERED' ? user.email : undefined;
    },
    loggedIn: async (ctx, id) => {
      await ctx.store.db
        .updateTable('users')
        .set({ last_login_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
    },
  }),
  userByEmail,
  listUsers,
  ...selfRoutes('auth-user', fullUser),
  ...selfRoutes('auth-super', fullUser),
];
