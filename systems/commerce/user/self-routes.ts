import { type Endpoint, endpointsOf } from '@mosaic/kit/service';
import { AccountChange, AccountParams } from '../accounts/schemas.ts';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SUPER, AUTH_USER, requireRole } from '../contracts/identity.ts';
import { addAddress, addressesOf, changeAddress, removeAddress } from './addresses.ts';
import { assertSelf, changeUser, findUser, profileOf, type UserContext, unregister } from './commands.ts';
import { PREFIX } from './prefix.ts';
import { AddressParams, AddressRequest, ProfileChange, UserIdQuery } from './schemas.ts';
import { addressView, profileView, type userView } from './views.ts';

type FullUser = (ctx: UserContext, id: number, anyStatus: boolean) => Promise<ReturnType<typeof userView>>;

/**
 * The routes on one user's account, profile and addresses (U6, U8–U15), twice: under `auth-user` for the
 * owner (self check; a supervisor passes it) and under `auth-super` for supervisors, who also see
 * unregistered accounts (U17, U18).
 */
export function selfRoutes(scope: 'auth-user' | 'auth-super', fullUser: FullUser): Endpoint<UserContext>[] {
  const endpoint = endpointsOf<UserContext>();
  const asSupervisor = scope === 'auth-super';
  const gateway = asSupervisor ? AUTH_SUPER : AUTH_USER;
  const base = `${PREFIX}/${scope}`;
  const whose = asSupervisor ? "a user's" : 'your';
  /** The check of every route here: the owner or a supervisor, or only a supervisor under auth-super. */
  const allow = (caller: Parameters<typeof assertSelf>[0], userId: number) =>
    asSupervisor ? requireRole(caller, ['SUPERVISOR']) : assertSelf(caller, userId);

  return [
    endpoint({
      method: 'GET',
      path: `${base}/users/:id`,
      params: AccountParams,
      summary: `${whose} account with its profile and addresses`,
      gateway,
      handle: async (ctx, { params, caller }) => {
        allow(caller, params.id);
        return ok(200, await fullUser(ctx, params.id, asSupervisor));
      },
    }),
    endpoint({
      method: 'PUT',
      path: `${base}/users/:id`,
      params: AccountParams,
      body: AccountChange,
      summary: `Change ${whose} name, password and phone (the e-mail never changes)`,
      gateway,
      handle: async (ctx, { params, body, caller }) => {
        allow(caller, params.id);
        await changeUser(ctx, params.id, body, asSupervisor);
        return ok(200, await fullUser(ctx, params.id, asSupervisor));
      },
    }),
    endpoint({
      method: 'DELETE',
      path: `${base}/users/:id`,
      params: AccountParams,
      summary: `Unregister ${whose} account (kept, UNREGISTERED; its sessions end)`,
      gateway,
      handle: async (ctx, { params, caller }) => {
        allow(caller, params.id);
        await unregister(ctx, params.id, asSupervisor);
        return ok(200, null);
      },
    }),
    endpoint({
      method: 'GET',
      path: `${base}/profiles`,
      query: UserIdQuery,
      summary: `${whose} profile`,
      gateway,
      handle: async (ctx, { query, caller }) => {
        allow(caller, query.user_id);
        return ok(200, profileView(await profileOf(ctx, query.user_id)));
      },
    }),
    endpoint({
      method: 'PUT',
      path: `${base}/profiles`,
      query: UserIdQuery,
      body: ProfileChange,
      summary: `Change ${whose} nick name and profile image`,
      gateway,
      handle: async (ctx, { query, body, caller }) => {
        allow(caller, query.user_id);
        const profile = await profileOf(ctx, query.user_id);
        const change = { nick_name: body.nick_name, profile_image_url: body.profile_image_url ?? null };
        await ctx.store.db.updateTable('profiles').set(change).where('id', '=', profile.id).execute();
        return ok(200, profileView({ ...profile, ...change }));
      },
    }),
    endpoint({
      method: 'POST',
      path: `${base}/address`,
      query: UserIdQuery,
      body: AddressRequest,
      summary: `Add an address to ${whose} account (at most address.limit, 3 by default)`,
      gateway,
      handle: async (ctx, { query, body, caller }) => {
        allow(caller, query.user_id);
        return ok(201, addressView(await addAddress(ctx, query.user_id, body)));
      },
    }),
    endpoint({
      method: 'GET',
      path: `${base}/address`,
      query: UserIdQuery,
      summary: `${whose} addresses`,
      gateway,
      handle: async (ctx, { query, caller }) => {
        allow(caller, query.user_id);
        await findUser(ctx, query.user_id, asSupervisor);
        return ok(200, (await addressesOf(ctx, query.user_id)).map(addressView));
      },
    }),
    endpoint({
      method: 'PUT',
      path: `${base}/address/:id`,
      params: AddressParams,
      query: UserIdQuery,
      body: AddressRequest,
      summary: `Change one of ${whose} addresses`,
      gateway,
      handle: async (ctx, { params, query, body, caller }) => {
        allow(caller, query.user_id);
        return ok(200, addressView(await changeAddress(ctx, query.user_id, params.id, body)));
      },
    }),
    endpoint({
      method: 'DELETE',
      path: `${base}/address/:id`,
      params: AddressParams,
      query: UserIdQuery,
      summary: `Remove one of ${whose} addresses`,
      gateway,
      handle: async (ctx, { params, query, caller }) => {
        allow(caller, query.user_id);
        await removeAddress(ctx, query.user_id, params.id);
        return ok(200, null);
      },
    }),
  ];
}
