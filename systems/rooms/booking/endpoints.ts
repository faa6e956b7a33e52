import { badRequest, created, endpointsOf, HttpError, notFound } from '@mosaic/kit/service';
import { ADMINS, isAdmin, MEMBERS, requireAdmin, requireMember } from '../contracts/identity.ts';
import { bookings } from './bookings.ts';
import {
  addRoom,
  type BookingContext,
  cancelBooking,
  denyBooking,
  endBookingUse,
  moveBooking,
  placeBooking,
  startBookingUse,
} from './commands.ts';
import { rooms } from './rooms.ts';
import { BookingChange, BookingParams, BookingQuery, NewBooking, NewRoom, RoomParams } from './schemas.ts';
import { bookingView, roomView } from './views.ts';

const endpoint = endpointsOf<BookingContext>();

const createRoom = endpoint({
  method: 'POST',
  path: '/rooms',
  body: NewRoom,
  summary: 'Add a room to the catalogue (admins)',
  gateway: { auth: ADMINS },
  handle: async (ctx, { body, caller }) => {
    requireAdmin(caller);
    return created(roomView(await addRoom(ctx)(body)));
  },
});

const listRooms = endpoint({
  method: 'GET',
  path: '/rooms',
  summary: 'The rooms that can be booked',
  gateway: { auth: MEMBERS },
  handle: async (ctx) => (await rooms(ctx.store.db).list()).map(roomView),
});

const getRoom = endpoint({
  method: 'GET',
  path: '/rooms/:id',
  params: RoomParams,
  summary: 'One room',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params }) => {
    const room = await rooms(ctx.store.db).find(params.id);
    if (!room) throw notFound('room', params.id);
    return roomView(room);
  },
});

const book = endpoint({
  method: 'POST',
  path: '/bookings',
  body: NewBooking,
  summary: 'Book a room for a future slot (REQUESTED until an admin approves); 409 names a booking it overlaps',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { body, caller }) => {
    const booking = await placeBooking(ctx)(requireMember(caller), body);
    return created(bookingView(booking), { location: `/bookings/${booking.id}` });
  },
});

const listBookings = endpoint({
  method: 'GET',
  path: '/bookings',
  query: BookingQuery,
  summary: "Bookings, newest first: a member's own, or everyone's for an admin",
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const who = requireMember(caller);
    const bookingUserId = isAdmin(who) ? query.bookingUserId : who.userId;
    const found = await bookings(ctx.store.db).list({
      ...query,
      bookingUserId,
      page: query.page ?? 0,
      size: query.size ?? 20,
    });
    return found.map(bookingView);
  },
});

const getBooking = endpoint({
  method: 'GET',
  path: '/bookings/:id',
  params: BookingParams,
  summary: 'One booking with its status (its booker or an admin); a cancelled booking is still here',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const who = requireMember(caller);
    const booking = await bookings(ctx.store.db).find(params.id);
    if (!booking) throw notFound('booking', params.id);
    if (booking.bookingUserId !== who.userId && !isAdmin(who)) {
      throw new HttpError('forbidden', `booking ${params.id} is not yours: only its booker or an admin may read it`);
    }
    return bookingView(booking);
  },
});

const changeBooking = endpoint({
  method: 'PATCH',
  path: '/bookings/:id',
  params: BookingParams,
  body: BookingChange,
  summary: 'Move a booking waiting for approval to another free slot, or cancel it ({"status":"CANCELLED"})',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, body, caller }) => {
    const who = requireMember(caller);
    const { status, useStartDtm, useEndDtm } = body;
    if (status !== undefined) {
      if (useStartDtm !== undefined || useEndDtm !== undefined) {
        throw badRequest('cancel ({"status":"CANCELLED"}) or move (useStartDtm and useEndDtm), not both at once');
      }
      return bookingView(await cancelBooking(ctx)(who, params.id));
    }
    if (useStartDtm === undefined || useEndDtm === undefined) {
      throw badRequest('to move a booking give both useStartDtm and useEndDtm; to cancel it, {"status":"CANCELLED"}');
    }
    return bookingView(await moveBooking(ctx)(who, params.id, { useStartDtm, useEndDtm }));
  },
});

const deleteBooking = endpoint({
  method: 'DELETE',
  path: '/bookings/:id',
  params: BookingParams,
  summary: "Cancel a booking (the seed's DELETE); its record stays, CANCELLED, so its history does too",
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => bookingView(await cancelBooking(ctx)(requireMember(caller), params.id)),
});

/**
 * confirm's synchronous call before it records an admin's denial: the booking is cancelled first, so a denial
 * is never recorded with its booking still standing. Called on the admin's behalf, so the caller is the admin.
 */
const denyInternal = endpoint({
  method: 'POST',
  path: '/internal/bookings/:id/denial',
  params: BookingParams,
  summary: 'Cancel a booking an admin denies (confirm calls it; a repeat answers the same booking)',
  gateway: 'internal',
  handle: async (ctx, { params, caller }) => bookingView(await denyBooking(ctx)(requireAdmin(caller), params.id)),
});

/** realuse's synchronous check-in, on the booker's behalf; a repeat answers the same booking. */
const useStartInternal = endpoint({
  method: 'POST',
  path: '/internal/bookings/:id/use-start',
  params: BookingParams,
  summary: 'Check a CONFIRMED booking in (realuse calls it for the booker): IN_USE',
  gateway: 'internal',
  handle: async (ctx, { params, caller }) => bookingView(await startBookingUse(ctx)(requireMember(caller), params.id)),
});

/** realuse's synchronous check-out (realuse checked who may end the use); a repeat answers the same booking. */
const useEndInternal = endpoint({
  method: 'POST',
  path: '/internal/bookings/:id/use-end',
  params: BookingParams,
  summary: 'End the use of a booking (realuse calls it): USED, the room free again',
  gateway: 'internal',
  handle: async (ctx, { params, caller }) => {
    requireMember(caller);
    return bookingView(await endBookingUse(ctx)(params.id));
  },
});

export const bookingEndpoints = [
  useStartInternal,
  useEndInternal,
  createRoom,
  listRooms,
  getRoom,
  book,
  listBookings,
  getBooking,
  changeBooking,
  deleteBooking,
  denyInternal,
];
