import { answer, created, endpointsOf, notFound } from '@mosaic/kit/service';
import { JWKS_PATH } from '../contracts/accounts.ts';
import { ADMINS, isAdmin, MEMBERS, requireAdmin, requireMember } from '../contracts/identity.ts';
import { addMember, issuerOf, login, type MemberContext } from './commands.ts';
import { Login, MemberParams, NewMember } from './schemas.ts';
import type { MemberRow } from './store.ts';
import { memberView, signedInView } from './views.ts';

const endpoint = endpointsOf<MemberContext>();

const signIn = endpoint({
  method: 'POST',
  path: '/members/login',
  body: Login,
  summary: 'Sign in with your 5-digit member id and password: an access token for every other route',
  gateway: { auth: 'public' },
  handle: async (ctx, { body }) => {
    const { member, issued } = await login(ctx)(body.userId, body.password);
    return answer(200, signedInView(member, issued), { 'cache-control': 'no-store' });
  },
});

const jwks = endpoint({
  method: 'GET',
  path: JWKS_PATH,
  summary: 'The public keys access tokens are signed with (JWKS)',
  gateway: { auth: 'public' },
  handle: async (ctx) => answer(200, await issuerOf(ctx).jwks(), { 'cache-control': 'public, max-age=30' }),
});

const join = endpoint({
  method: 'POST',
  path: '/members',
  body: NewMember,
  summary: 'Add a member or an admin to the office (admins)',
  gateway: { auth: ADMINS },
  handle: async (ctx, { body, caller }) => {
    requireAdmin(caller);
    return created(memberView(await addMember(ctx)(body)));
  },
});

const list = endpoint({
  method: 'GET',
  path: '/members',
  summary: 'Every member of the office, by id (admins)',
  gateway: { auth: ADMINS },
  handle: async (ctx, { caller }) => {
    requireAdmin(caller);
    const rows = await ctx.store.db.selectFrom('members').selectAll().orderBy('id').execute();
    return rows.map((m) => memberView(m as MemberRow));
  },
});

const one = endpoint({
  method: 'GET',
  path: '/members/:userId',
  params: MemberParams,
  summary: 'One member by 5-digit id: yourself, or anyone for an admin',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const me = requireMember(caller);
    // Another member's record is as good as absent to a member: the directory is the admins'.
    const found =
      isAdmin(me) || me.userId === params.userId
        ? await ctx.store.db.selectFrom('members').selectAll().where('user_id', '=', params.userId).executeTakeFirst()
        : undefined;
    if (!found) throw notFound('member', params.userId);
    return memberView(found as MemberRow);
  },
});

export const memberEndpoints = [signIn, jwks, join, list, one];
