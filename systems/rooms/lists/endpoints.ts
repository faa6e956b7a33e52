import { Type } from '@mosaic/kit/http';
import { endpointsOf, notFound } from '@mosaic/kit/service';
import { isAdmin, MEMBERS, requireMember } from '../contracts/identity.ts';
import type { ListContext } from './policies.ts';
import { lists } from './rows.ts';
import { bookingListView, roomUseListView } from './views.ts';

const endpoint = endpointsOf<ListContext>();

const Id = (description: string) => Type.Integer({ minimum: 1, description });
const ListParams = Type.Object({ id: Id('the row') });
const ListQuery = Type.Object({
  bookingId: Type.Optional(Id("only this booking's row (the seed's search/findByBookingId)")),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'rows a page' })),
});

/** A member reads the rows of their own bookings; an admin reads all. A row still being built may have no booker. */
const scope = (caller: Parameters<typeof requireMember>[0]) => {
  const who = requireMember(caller);
  return { who, bookingUserId: isAdmin(who) ? undefined : who.userId };
};

const bookingLists = endpoint({
  method: 'GET',
  path: '/bookingLists',
  query: ListQuery,
  summary: 'Bookings with their approval status, confirmer and time (a view built from events)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const { bookingUserId } = scope(caller);
    const rows = await lists(ctx.store.db).bookingLists({
      ...query,
      bookingUserId,
      page: query.page ?? 0,
      size: query.size ?? 20,
    });
    return rows.map(bookingListView);
  },
});

const bookingList = endpoint({
  method: 'GET',
  path: '/bookingLists/:id',
  params: ListParams,
  summary: 'One bookingLists row',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const { bookingUserId } = scope(caller);
    const row = await lists(ctx.store.db).bookingList(params.id);
    if (!row || (bookingUserId && row.bookingUserId !== bookingUserId)) throw notFound('bookingLists row', params.id);
    return bookingListView(row);
  },
});

const roomUseLists = endpoint({
  method: 'GET',
  path: '/roomUseLists',
  query: ListQuery,
  summary: 'Booked versus real start and end of each booking, with its booker (a view built from events)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const { bookingUserId } = scope(caller);
    const rows = await lists(ctx.store.db).roomUseLists({
      ...query,
      bookingUserId,
      page: query.page ?? 0,
      size: query.size ?? 20,
    });
    return rows.map(roomUseListView);
  },
});

const roomUseList = endpoint({
  method: 'GET',
  path: '/roomUseLists/:id',
  params: ListParams,
  summary: 'One roomUseLists row',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const { bookingUserId } = scope(caller);
    const row = await lists(ctx.store.db).roomUseList(params.id);
    if (!row || (bookingUserId && row.bookingUserId !== bookingUserId)) throw notFound('roomUseLists row', params.id);
    return roomUseListView(row);
  },
});

export const listEndpoints = [bookingLists, bookingList, roomUseLists, roomUseList];
