import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { type BookingFacts, type BookingStatus, type CancelCause, roomsEvent } from '../contracts/events.ts';

/**
 * A booking (spec §6 [proposal]): REQUESTED when made, CONFIRMED when an admin approves, CANCELLED by its booker,
 * an admin or a denial, then IN_USE, USED or NO_SHOW once its slot comes. Nothing is deleted: a booking that
 * stands no more keeps its record and its history (the seed deleted it, R-B11).
 */
export interface Booking {
  id: number;
  roomId: number;
  bookingUserId: string;
  /** Stored instants (UTC ISO 8601). */
  useStartDtm: string;
  useEndDtm: string;
  status: BookingStatus;
  cancelCause: CancelCause | null;
  cancelledBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The statuses in which a booking holds its room: a new booking may not overlap one of these. */
export const HOLDING: readonly BookingStatus[] = ['REQUESTED', 'CONFIRMED', 'IN_USE'];

/** Why a slot cannot be booked, or undefined when it can: it starts in the future and ends after it starts. */
export function slotProblem(start: Date, end: Date, now: Date): string | undefined {
  if (start.getTime() >= end.getTime()) return 'useStartDtm must be before useEndDtm';
  if (start.getTime() <= now.getTime()) return 'useStartDtm must be in the future: a past slot cannot be booked';
  return undefined;
}

export const bookingCreated = (b: Booking): DomainEvent => roomsEvent('BookingCreated', facts(b));

/** The booker moves a booking still waiting for approval; an approved one is cancelled and booked again instead. */
export function reschedule(b: Booking, useStartDtm: string, useEndDtm: string): Decision<Booking, DomainEvent> {
  if (b.status !== 'REQUESTED') {
    return reject(
      'booking-not-requested',
      `booking ${b.id} is ${b.status}; only a booking waiting for approval can move (cancel it and book again)`,
    );
  }
  const moved: Booking = { ...b, useStartDtm, useEndDtm };
  return accept(moved, roomsEvent('BookingChanged', facts(moved)));
}

/** Its booker or an admin cancels (an admin's denial too, with cause `denied`): the room is free again. */
export function cancel(b: Booking, by: string, cause: CancelCause): Decision<Booking, DomainEvent> {
  switch (b.status) {
    case 'REQUESTED':
    case 'CONFIRMED': {
      const cancelled: Booking = { ...b, status: 'CANCELLED', cancelCause: cause, cancelledBy: by };
      return accept(cancelled, roomsEvent('BookingCancelled', { ...facts(b), cause, cancelledBy: by }));
    }
    case 'CANCELLED':
      return reject('booking-cancelled', `booking ${b.id} is already cancelled`);
    case 'IN_USE':
      return reject('booking-in-use', `booking ${b.id} is in use; end the use (PATCH /realuses/{id}) instead`);
    default:
      return reject('booking-over', `booking ${b.id} is ${b.status}; it can no longer be cancelled`);
  }
}

/**
 * An admin's denial, asked synchronously by confirm before it records the denial. A booking already cancelled
 * is not standing, which is all a denial needs: the answer is the same booking, so a retried denial is a no-op.
 */
export function deny(b: Booking, admin: string): Decision<Booking, DomainEvent> {
  if (b.status === 'CANCELLED') return accept(b);
  if (b.status !== 'REQUESTED') {
    return reject(
      'booking-not-requested',
      `booking ${b.id} is ${b.status}; only a booking waiting for approval can be denied`,
    );
  }
  return cancel(b, admin, 'denied');
}

/** An admin approved it (ConfirmCompleted). A booking cancelled meanwhile stays cancelled. */
export function confirm(b: Booking): Decision<Booking, DomainEvent> {
  if (b.status !== 'REQUESTED') return reject('booking-not-requested', `booking ${b.id} is ${b.status}`);
  return accept({ ...b, status: 'CONFIRMED' });
}

/** Check-in opens this long before the slot (issue 16: ten minutes' grace). */
export const CHECK_IN_GRACE_MS = 10 * 60_000;
/** A confirmed booking nobody checked in this long after its start is a no-show, and its room is free again. */
export const NO_SHOW_AFTER_MS = 15 * 60_000;

/**
 * Its booker checks in (realuse asks synchronously): only a CONFIRMED booking, within its slot or the ten
 * minutes before. Checking in again is a no-op, so realuse may repeat the call after a failure of its own.
 */
export function startUse(b: Booking, now: Date): Decision<Booking, DomainEvent> {
  if (b.status === 'IN_USE') return accept(b);
  if (b.status !== 'CONFIRMED') {
    return reject(
      'booking-not-confirmed',
      `booking ${b.id} is ${b.status}; only a CONFIRMED booking can be checked in`,
    );
  }
  const opens = new Date(b.useStartDtm).getTime() - CHECK_IN_GRACE_MS;
  if (now.getTime() < opens) {
    return reject('too-early', `booking ${b.id} can be checked in from 10 minutes before its start, not yet`);
  }
  if (now.getTime() >= new Date(b.useEndDtm).getTime()) {
    return reject('slot-over', `booking ${b.id}'s slot is over; it can no longer be checked in`);
  }
  return accept({ ...b, status: 'IN_USE' });
}

/** Check-out: the use ends, the booking is USED (kept, not deleted as in the seed, R-B11) and the room free. */
export function endUse(b: Booking): Decision<Booking, DomainEvent> {
  if (b.status === 'USED') return accept(b);
  if (b.status !== 'IN_USE') return reject('booking-not-in-use', `booking ${b.id} is ${b.status}, not in use`);
  return accept({ ...b, status: 'USED' });
}

/** Nobody checked in within 15 minutes of the start: NO_SHOW, and the rest of the slot is free to book. */
export function noShow(b: Booking, now: Date): Decision<Booking, DomainEvent> {
  if (b.status !== 'CONFIRMED') return reject('booking-not-confirmed', `booking ${b.id} is ${b.status}`);
  if (now.getTime() < new Date(b.useStartDtm).getTime() + NO_SHOW_AFTER_MS) {
    return reject('not-yet', `booking ${b.id} still has time to check in`);
  }
  return accept({ ...b, status: 'NO_SHOW' }, roomsEvent('BookingNoShow', facts(b)));
}

function facts(b: Booking): BookingFacts {
  const { id, roomId, useStartDtm, useEndDtm, bookingUserId } = b;
  return { id, roomId, useStartDtm, useEndDtm, bookingUserId };
}
