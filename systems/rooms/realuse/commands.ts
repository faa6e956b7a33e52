import type { DomainEvent } from '@mosaic/kit/domain';
import { HttpError, notFound, type ServiceContext, unavailable } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation } from '@mosaic/kit/store';
import { roomsEvent } from '../contracts/events.ts';
import { isAdmin, type Member } from '../contracts/identity.ts';
import { parseDtm, storedDtm } from '../contracts/times.ts';
import { type BookingAnswer, moveBookingUse } from './clients.ts';
import { type Realuse, realuses } from './realuses.ts';
import type { RealuseTables } from './store.ts';

export type RealuseContext = ServiceContext<RealuseTables, 'booking'>;

/**
 * Check-in. booking moves the booking into use first (it holds the rules: CONFIRMED, the booker, the slot),
 * then the use is recorded with UseStarted. If realuse fails between the two, the booker checks in again:
 * booking answers the booking already in use, and the use is recorded then.
 */
export const checkIn =
  (ctx: RealuseContext) =>
  async (who: Member, bookingId: number): Promise<{ realuse: Realuse; created: boolean }> => {
    const existing = await realuses(ctx.store.db).ofBooking(bookingId);
    if (existing) {
      if (existing.bookingUserId !== who.userId) throw notYours(bookingId);
      return { realuse: existing, created: false };
    }
    const answer = await moveBookingUse(ctx.clients.booking, who, bookingId, 'use-start');
    if (!answer.ok) throw refusal(ctx, answer, bookingId, 'checked in');
    const { booking } = answer;
    const row = {
      booking_id: bookingId,
      room_id: booking.roomId,
      booking_user_id: booking.bookingUserId,
      use_start_dtm: stored(booking.useStartDtm),
      use_end_dtm: stored(booking.useEndDtm),
      real_use_start_dtm: ctx.clock().toISOString(),
      real_use_end_dtm: null,
    };
    try {
      return await ctx.store.transaction(async (tx) => {
        const id = await insertWithId(tx.db, 'realuses', row, 'id');
        const realuse: Realuse = {
          id,
          bookingId,
          roomId: row.room_id,
          bookingUserId: row.booking_user_id,
          useStartDtm: row.use_start_dtm,
          useEndDtm: row.use_end_dtm,
          realUseStartDtm: row.real_use_start_dtm,
          realUseEndDtm: null,
        };
        await tx.publish(useStarted(realuse));
        return { realuse, created: true };
      });
    } catch (error) {
      // The same booker checking in twice at once: the first one's use is the use.
      const first = isUniqueViolation(error) ? await realuses(ctx.store.db).ofBooking(bookingId) : undefined;
      if (first) return { realuse: first, created: false };
      throw error;
    }
  };

/**
 * Check-out, by the booker or an admin: booking completes the booking synchronously (USED, the room free; the
 * seed deleted it), then the end is recorded with UseEnded. Ending an ended use answers it as it is.
 */
export const checkOut =
  (ctx: RealuseContext) =>
  async (who: Member, id: number): Promise<Realuse> => {
    const current = await realuses(ctx.store.db).find(id);
    if (!current) throw notFound('real use', id);
    if (current.bookingUserId !== who.userId && !isAdmin(who)) throw notYours(current.bookingId);
    if (current.realUseEndDtm !== null) return current;
    const answer = await moveBookingUse(ctx.clients.booking, who, current.bookingId, 'use-end');
    if (!answer.ok) throw refusal(ctx, answer, current.bookingId, 'checked out');
    return ctx.store.transaction(async (tx) => {
      const locked = await realuses(tx.db).find(id, true);
      if (!locked) throw notFound('real use', id);
      if (locked.realUseEndDtm !== null) return locked;
      const ended = { ...locked, realUseEndDtm: ctx.clock().toISOString() };
      await realuses(tx.db).end(id, ended.realUseEndDtm);
      await tx.publish(useEnded(ended));
      return ended;
    });
  };

function useStarted(r: Realuse): DomainEvent {
  const { id, bookingId, roomId, bookingUserId, useStartDtm, useEndDtm, realUseStartDtm } = r;
  return roomsEvent('UseStarted', { id, bookingId, roomId, bookingUserId, useStartDtm, useEndDtm, realUseStartDtm });
}

function useEnded(r: Realuse & { realUseEndDtm: string }): DomainEvent {
  const { id, bookingId, roomId, bookingUserId, useStartDtm, useEndDtm, realUseStartDtm, realUseEndDtm } = r;
  return roomsEvent('UseEnded', {
    ...{ id, bookingId, roomId, bookingUserId, useStartDtm, useEndDtm },
    ...{ realUseStartDtm, realUseEndDtm },
  });
}

/** booking's refusal passed on as booking said it; booking out of reach is a 503 with nothing changed. */
function refusal(ctx: RealuseContext, answer: BookingAnswer & { ok: false }, bookingId: number, what: string) {
  if (answer.refused) {
    const reason = answer.status === 403 ? 'forbidden' : answer.status === 404 ? 'not-found' : 'conflict';
    return new HttpError(reason, answer.detail);
  }
  ctx.logger.warn({ bookingId, detail: answer.detail }, `booking unreachable; not ${what}`);
  return unavailable(
    `booking ${bookingId} could not be ${what} because the booking service is unavailable; nothing was changed; ` +
      `try again in ${answer.retryAfterSec} s`,
    answer.retryAfterSec,
  );
}

const notYours = (bookingId: number) =>
  new HttpError(
    'forbidden',
    `booking ${bookingId} is not yours: only its booker checks in, its booker or an admin checks out`,
  );

/** booking answers Korea time with its offset; the use keeps the instant. */
function stored(answered: string): string {
  const when = parseDtm(answered);
  if (!when) throw new Error(`booking answered a time realuse cannot read: ${answered}`);
  return storedDtm(when);
}
