import type { Decision, DomainEvent } from '@mosaic/kit/domain';
import { badRequest, conflict, HttpError, notFound, type ServiceContext } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation, type Tx } from '@mosaic/kit/store';
import { roomsEvent } from '../contracts/events.ts';
import { isAdmin, type Member } from '../contracts/identity.ts';
import { koreaDtm, parseDtm, storedDtm } from '../contracts/times.ts';
import { bookings } from './bookings.ts';
import {
  type Booking,
  bookingCreated,
  cancel,
  deny,
  endUse,
  NO_SHOW_AFTER_MS,
  noShow,
  reschedule,
  slotProblem,
  startUse,
} from './domain.ts';
import { type Room, rooms } from './rooms.ts';
import type { BookingTables } from './store.ts';

export type BookingContext = ServiceContext<BookingTables>;

const now = (ctx: BookingContext) => ctx.clock().toISOString();

/** Adds a room under its door number; RoomAdded goes out with it. */
export const addRoom =
  (ctx: BookingContext) =>
  async (input: { id: number; name: string; capacity: number }): Promise<Room> => {
    const createdAt = now(ctx);
    try {
      return await ctx.store.transaction(async (tx) => {
        await tx.db
          .insertInto('rooms')
          .values({ ...input, created_at: createdAt })
          .execute();
        const { id: roomId, name, capacity } = input;
        await tx.publish(roomsEvent('RoomAdded', { roomId, name, capacity }));
        return { ...input, createdAt };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('room-exists', `room ${input.id} or a room named "${input.name}" already exists`);
      }
      throw error;
    }
  };

export interface NewBooking {
  roomId: number;
  useStartDtm: string;
  useEndDtm: string;
  bookingUserId?: string | undefined;
}

/**
 * Books a room for a free slot. The room's row is locked first (rooms.ts `lock`), then the overlap is checked
 * and the booking written in the same transaction: of concurrent overlapping requests for one room exactly
 * one commits, and each other one, once it holds the lock, sees it and is refused with a 409 naming it.
 */
export const placeBooking =
  (ctx: BookingContext) =>
  async (who: Member, input: NewBooking): Promise<Booking> => {
    const bookingUserId = input.bookingUserId ?? who.userId;
    if (bookingUserId !== who.userId && !isAdmin(who)) {
      throw new HttpError('forbidden', 'a member books for themselves; leave bookingUserId out or give your own id');
    }
    const { start, end } = slotOf(ctx, input.useStartDtm, input.useEndDtm);
    return ctx.store.transaction(async (tx) => {
      if (!(await rooms(tx.db).lock(input.roomId))) throw roomMissing(input.roomId);
      await refuseClash(tx, input.roomId, start, end);
      const at = now(ctx);
      const row = {
        room_id: input.roomId,
        booking_user_id: bookingUserId,
        use_start_dtm: start,
        use_end_dtm: end,
        status: 'REQUESTED' as const,
        cancel_cause: null,
        cancelled_by: null,
        created_at: at,
        updated_at: at,
      };
      const id = await insertWithId(tx.db, 'bookings', row, 'id');
      const booking: Booking = {
        id,
        roomId: input.roomId,
        bookingUserId,
        useStartDtm: start,
        useEndDtm: end,
        status: 'REQUESTED',
        cancelCause: null,
        cancelledBy: null,
        createdAt: at,
        updatedAt: at,
      };
      await tx.publish(bookingCreated(booking));
      return booking;
    });
  };

/** Moves a booking to another free slot of its room: the same lock and check as a new booking. */
export const moveBooking =
  (ctx: BookingContext) =>
  async (who: Member, id: number, slot: { useStartDtm: string; useEndDtm: string }): Promise<Booking> => {
    const { start, end } = slotOf(ctx, slot.useStartDtm, slot.useEndDtm);
    return ctx.store.transaction(async (tx) => {
      const current = await ownBooking(tx, who, id);
      await rooms(tx.db).lock(current.roomId);
      await refuseClash(tx, current.roomId, start, end, id);
      return decideAndSave(ctx, tx, id, (b) => reschedule(b, start, end));
    });
  };

/** Its booker or an admin cancels it; BookingCancelled withdraws its confirm request. */
export const cancelBooking = (ctx: BookingContext) => (who: Member, id: number) =>
  ctx.store.transaction(async (tx) => {
    await ownBooking(tx, who, id);
    return decideAndSave(ctx, tx, id, (b) =>
      cancel(b, who.userId, isAdmin(who) && b.bookingUserId !== who.userId ? 'admin' : 'booker'),
    );
  });

/** confirm's synchronous call for an admin's denial (confirm/clients.ts). */
export const denyBooking = (ctx: BookingContext) => (admin: Member, id: number) =>
  ctx.store.transaction((tx) => decideAndSave(ctx, tx, id, (b) => deny(b, admin.userId)));

/** realuse's synchronous check-in: only the booker, only a CONFIRMED booking in its slot. */
export const startBookingUse = (ctx: BookingContext) => (who: Member, id: number) =>
  ctx.store.transaction(async (tx) => {
    const booking = await bookings(tx.db).find(id, true);
    if (!booking) throw notFound('booking', id);
    if (booking.bookingUserId !== who.userId) {
      throw new HttpError('forbidden', `booking ${id} is not yours: only its booker checks in`);
    }
    return decideAndSave(ctx, tx, id, (b) => startUse(b, ctx.clock()));
  });

/** realuse's synchronous check-out: the booking is USED, its room free. */
export const endBookingUse = (ctx: BookingContext) => (id: number) =>
  ctx.store.transaction((tx) => decideAndSave(ctx, tx, id, endUse));

/**
 * Marks the confirmed bookings nobody checked in within 15 minutes of their start as NO_SHOW, each in its own
 * transaction with its row locked, so a check-in at the same moment either wins or finds it NO_SHOW.
 */
export async function sweepNoShows(ctx: BookingContext): Promise<number> {
  const latestStart = new Date(ctx.clock().getTime() - NO_SHOW_AFTER_MS).toISOString();
  const overdue = await ctx.store.db
    .selectFrom('bookings')
    .select('id')
    .where('status', '=', 'CONFIRMED')
    .where('use_start_dtm', '<=', latestStart)
    .orderBy('use_start_dtm')
    .limit(100)
    .execute();
  for (const { id } of overdue) {
    await ctx.store.transaction((tx) => applyToBooking(ctx, tx, Number(id), (b) => noShow(b, ctx.clock())));
  }
  return overdue.length;
}

/** Inside a policy's transaction: a decision the booking refuses is logged, not retried. */
export async function applyToBooking(
  ctx: BookingContext,
  tx: Tx<BookingTables>,
  id: number,
  decide: (b: Booking) => Decision<Booking, DomainEvent>,
): Promise<void> {
  const booking = await bookings(tx.db).find(id, true);
  if (!booking) return;
  const decision = decide(booking);
  if (!decision.ok) {
    ctx.logger.info({ bookingId: id, reason: decision.reason }, decision.message);
    return;
  }
  await save(ctx, tx, decision.state, decision.events);
}

async function decideAndSave(
  ctx: BookingContext,
  tx: Tx<BookingTables>,
  id: number,
  decide: (b: Booking) => Decision<Booking, DomainEvent>,
): Promise<Booking> {
  const booking = await bookings(tx.db).find(id, true);
  if (!booking) throw notFound('booking', id);
  const decision = decide(booking);
  if (!decision.ok) throw conflict(decision.reason, decision.message);
  if (decision.state === booking) return booking;
  return save(ctx, tx, decision.state, decision.events);
}

async function save(ctx: BookingContext, tx: Tx<BookingTables>, b: Booking, events: DomainEvent[]) {
  const saved = { ...b, updatedAt: now(ctx) };
  await bookings(tx.db).save(saved);
  for (const event of events) await tx.publish(event);
  return saved;
}

/** The booking, if the caller may change it: its booker or an admin (anyone else: 403, the seed let anyone, R-G3). */
async function ownBooking(tx: Tx<BookingTables>, who: Member, id: number): Promise<Booking> {
  const booking = await bookings(tx.db).find(id);
  if (!booking) throw notFound('booking', id);
  if (booking.bookingUserId !== who.userId && !isAdmin(who)) {
    throw new HttpError('forbidden', `booking ${id} is not yours: only its booker or an admin may change or cancel it`);
  }
  return booking;
}

async function refuseClash(tx: Tx<BookingTables>, roomId: number, start: string, end: string, except?: number) {
  const clash = await bookings(tx.db).clash(roomId, start, end, except);
  if (!clash) return;
  throw new HttpError(
    'conflict',
    `room ${roomId} is already booked from ${koreaDtm(clash.useStartDtm)} to ${koreaDtm(clash.useEndDtm)} ` +
      `by booking ${clash.id}; pick another slot or another room`,
    { rule: 'room-taken', conflictingBookingId: clash.id },
  );
}

function slotOf(ctx: BookingContext, startText: string, endText: string) {
  const start = parseDtm(startText);
  const end = parseDtm(endText);
  if (!start) throw badRequest(`useStartDtm ${startText} is not a date-time that exists`);
  if (!end) throw badRequest(`useEndDtm ${endText} is not a date-time that exists`);
  const problem = slotProblem(start, end, ctx.clock());
  if (problem) throw badRequest(problem);
  return { start: storedDtm(start), end: storedDtm(end) };
}

const roomMissing = (roomId: number) =>
  new HttpError('not-found', `room ${roomId} does not exist; GET /rooms lists the rooms`);
