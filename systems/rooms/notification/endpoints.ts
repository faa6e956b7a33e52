import { endpointsOf, HttpError, notFound } from '@mosaic/kit/service';
import type { Selectable } from 'kysely';
import { isAdmin, MEMBERS, requireMember } from '../contracts/identity.ts';
import { koreaDtm } from '../contracts/times.ts';
import type { NotificationContext } from './policies.ts';
import { NotificationParams, NotificationQuery } from './schemas.ts';
import type { NotificationTables } from './store.ts';

const endpoint = endpointsOf<NotificationContext>();

/** A notice as answered: the seed's fields (sendDtm now with its offset) and the booking it is about. */
const notificationView = (n: Selectable<NotificationTables['notifications']>) => ({
  id: Number(n.id),
  userId: n.user_id,
  bookingId: Number(n.booking_id),
  contents: n.contents,
  sendDtm: koreaDtm(n.send_dtm),
});

const list = endpoint({
  method: 'GET',
  path: '/notifications',
  query: NotificationQuery,
  summary: "A member's notices, newest first (?userId= yours; an admin may read anyone's, or all)",
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const who = requireMember(caller);
    if (query.userId !== undefined && query.userId !== who.userId && !isAdmin(who)) {
      throw new HttpError('forbidden', 'a member reads only their own notices: leave userId out or give your own');
    }
    const userId = query.userId ?? (isAdmin(who) ? undefined : who.userId);
    let select = ctx.store.db.selectFrom('notifications').selectAll();
    if (userId) select = select.where('user_id', '=', userId);
    if (query.bookingId) select = select.where('booking_id', '=', query.bookingId);
    const size = query.size ?? 20;
    const rows = await select
      .orderBy('id', 'desc')
      .limit(size)
      .offset((query.page ?? 0) * size)
      .execute();
    return rows.map(notificationView);
  },
});

const one = endpoint({
  method: 'GET',
  path: '/notifications/:id',
  params: NotificationParams,
  summary: 'One notice (its member or an admin)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const who = requireMember(caller);
    const found = await ctx.store.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (!found || (found.user_id !== who.userId && !isAdmin(who))) throw notFound('notification', params.id);
    return notificationView(found);
  },
});

export const notificationEndpoints = [list, one];
