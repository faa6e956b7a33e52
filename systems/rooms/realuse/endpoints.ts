import { answer, created, endpointsOf, HttpError, notFound } from '@mosaic/kit/service';
import { isAdmin, MEMBERS, requireMember } from '../contracts/identity.ts';
import { checkIn, checkOut, type RealuseContext } from './commands.ts';
import { realuses } from './realuses.ts';
import { CheckIn, CheckOut, RealuseParams, RealuseQuery } from './schemas.ts';
import { realuseView } from './views.ts';

const endpoint = endpointsOf<RealuseContext>();

const start = endpoint({
  method: 'POST',
  path: '/realuses',
  body: CheckIn,
  summary:
    'Check in to your CONFIRMED booking, from 10 minutes before its start until its end (201; 200 if already in)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { body, caller }) => {
    const { realuse, created: isNew } = await checkIn(ctx)(requireMember(caller), body.bookingId);
    return isNew
      ? created(realuseView(realuse), { location: `/realuses/${realuse.id}` })
      : answer(200, realuseView(realuse));
  },
});

const end = endpoint({
  method: 'PATCH',
  path: '/realuses/:id',
  params: RealuseParams,
  body: CheckOut,
  summary: 'Check out (the booker or an admin): the booking is USED and the room free again',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => realuseView(await checkOut(ctx)(requireMember(caller), params.id)),
});

const list = endpoint({
  method: 'GET',
  path: '/realuses',
  query: RealuseQuery,
  summary: "Real uses, newest first: a member's own, or everyone's for an admin",
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const who = requireMember(caller);
    const rows = await realuses(ctx.store.db).list({
      bookingId: query.bookingId,
      bookingUserId: isAdmin(who) ? undefined : who.userId,
      page: query.page ?? 0,
      size: query.size ?? 20,
    });
    return rows.map(realuseView);
  },
});

const one = endpoint({
  method: 'GET',
  path: '/realuses/:id',
  params: RealuseParams,
  summary: 'One real use (its booker or an admin)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const who = requireMember(caller);
    const found = await realuses(ctx.store.db).find(params.id);
    if (!found) throw notFound('real use', params.id);
    if (found.bookingUserId !== who.userId && !isAdmin(who)) {
      throw new HttpError('forbidden', `real use ${params.id} is another member's`);
    }
    return realuseView(found);
  },
});

export const realuseEndpoints = [start, end, list, one];
