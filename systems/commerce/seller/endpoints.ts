import { hashPassword, refreshSessionsOf } from '@mosaic/kit/auth';
import { endpointsOf, HttpError, type ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation } from '@mosaic/kit/store';
import { managersOf, managerView } from '../accounts/managers.ts';
import { AccountChange, AccountParams, NewAccount } from '../accounts/schemas.ts';
import { signInEndpoints } from '../accounts/sign-in.ts';
import { accessIssuer, issuerName, type tokenSettings } from '../accounts/tokens.ts';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SELLER, AUTH_SUPER, requireRole } from '../contracts/identity.ts';
import { listQuery, paginationOf } from '../contracts/paging.ts';
import type { SellerTables } from './store.ts';

export type SellerContext = ServiceContext<SellerTables, never, typeof tokenSettings>;

const PREFIX = '/seller-service';
/** The gateway reads seller tokens' keys here (accounts.ts). */
export const SELLER_JWKS_PATH = `${PREFIX}/jwks.json`;

export const sellerIssuer = (ctx: SellerContext) =>
  accessIssuer(ctx.store, issuerName('seller'), () => ctx.settings.get('token.access_ttl'));

const endpoint = endpointsOf<SellerContext>();

async function sellerOf(ctx: SellerContext, id: number) {
  const found = await managersOf(ctx.store).byId(id);
  if (!found) throw new HttpError('not-found', `seller ${id} does not exist`);
  return found;
}

const create = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-super/sellers`,
  body: NewAccount,
  summary: 'A supervisor opens a seller account ("seller 등록, 수정은 오직 관리자만")',
  gateway: AUTH_SUPER,
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    const account = { ...body, email: body.email.trim().toLowerCase(), password: await hashPassword(body.password) };
    try {
      return ok(201, managerView(await managersOf(ctx.store).add(account), 'SELLER'));
    } catch (error) {
      // The unique index decides, so two racing sign-ups with one e-mail give one account and one 400.
      if (isUniqueViolation(error))
        throw new HttpError('bad-request', '이미 등록한 회원입니다.', { rule: 'email-taken' });
      throw error;
    }
  },
});

const list = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-super/sellers`,
  query: listQuery({}),
  summary: 'Every seller, newest first, a page at a time',
  gateway: AUTH_SUPER,
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    const found = await managersOf(ctx.store).list(query.page, query.size);
    return ok(
      200,
      found.rows.map((m) => managerView(m, 'SELLER')),
      { pagination: paginationOf(query, found) },
    );
  },
});

const show = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-super/sellers/:id`,
  params: AccountParams,
  summary: 'One seller, in any status',
  gateway: AUTH_SUPER,
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    return ok(200, managerView(await sellerOf(ctx, params.id), 'SELLER'));
  },
});

const change = async (ctx: SellerContext, id: number, body: { name: string; password: string; phone: string }) => {
  await sellerOf(ctx, id);
  const changed = await managersOf(ctx.store).change(id, { ...body, password: await hashPassword(body.password) });
  if (!changed) throw new HttpError('not-found', `seller ${id} does not exist`);
  return ok(200, managerView(changed, 'SELLER'));
};

const update = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-super/sellers/:id`,
  params: AccountParams,
  body: AccountChange,
  summary: "A supervisor changes a seller's name, password and phone (the e-mail never changes)",
  gateway: AUTH_SUPER,
  handle: async (ctx, { params, body, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    return change(ctx, params.id, body);
  },
});

/** A seller's own account page (the seed had none, gap C-G10): the account of the token, nobody else's. */
const ownSeller = (caller: Parameters<typeof requireRole>[0]) => {
  const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
  if (seller.role !== 'SELLER') {
    throw new HttpError('forbidden', 'a supervisor has no seller account; use /seller-service/auth-super/sellers/:id', {
      rule: 'not-a-seller',
    });
  }
  return seller;
};

const me = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/sellers/me`,
  summary: 'The signed-in seller’s own account',
  gateway: AUTH_SELLER,
  handle: async (ctx, { caller }) => ok(200, managerView(await sellerOf(ctx, ownSeller(caller).id), 'SELLER')),
});

const changeMe = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-seller/sellers/me`,
  body: AccountChange,
  summary: 'The signed-in seller changes its own name, password and phone',
  gateway: AUTH_SELLER,
  handle: async (ctx, { body, caller }) => change(ctx, ownSeller(caller).id, body),
});

export const sellerEndpoints = [
  ...signInEndpoints<SellerContext>({
    role: 'SELLER',
    prefix: PREFIX,
    paths: {
      login: `${PREFIX}/login`,
      restore: `${PREFIX}/restore`,
      logout: `${PREFIX}/auth-seller/logout`,
      jwks: SELLER_JWKS_PATH,
    },
    logoutAuth: AUTH_SELLER.auth,
    issuer: sellerIssuer,
    sessions: (ctx) => refreshSessionsOf(ctx.store),
    refreshTtl: (ctx) => ctx.settings.get('token.refresh_ttl'),
    byEmail: (ctx, email) => managersOf(ctx.store).byEmail(email),
    activeEmail: (ctx, id) => managersOf(ctx.store).activeEmail(id),
    loggedIn: (ctx, id) => managersOf(ctx.store).loggedIn(id),
  }),
  create,
  list,
  show,
  update,
  me,
  changeMe,
];
