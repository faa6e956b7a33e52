import type { Envelope } from '@mosaic/kit/messaging';
import type { EventData } from '../contracts/events.ts';

/**
 * bookingLists (the seed's T10 view): each booking with its approval — status, confirmer and time. Built only
 * from events and correct whatever order they arrive in and however often: every field is set by the events
 * that know it, a status only moves forward (by rank), and the slot is the one of the latest event that named
 * it (event ids are time-ordered UUIDv7). The seed's view looked up the booking by the confirm's id and updated
 * the wrong row (R-B3), and never saw a cancellation (R-B4).
 */
export interface BookingListRow {
  bookingId: number;
  bookingUserId: string | null;
  roomId: number | null;
  useStartDtm: string | null;
  useEndDtm: string | null;
  /** The event the slot came from: a later one may move it, an earlier one arriving late may not. */
  slotEventId: string | null;
  bookingDtm: string | null;
  bookingStatus: string | null;
  confirmId: number | null;
  confirmStatus: string | null;
  confirmUserId: string | null;
  confirmDtm: string | null;
}

export const BOOKING_LIST_EVENTS = [
  'BookingCreated',
  'BookingChanged',
  'BookingCancelled',
  'BookingNoShow',
  'ConfirmRequested',
  'ConfirmCompleted',
  'ConfirmDenied',
  'ConfirmWithdrawn',
  'UseStarted',
  'UseEnded',
] as const;

const BOOKING_RANK: Record<string, number> = {
  REQUESTED: 1,
  CONFIRMED: 2,
  IN_USE: 3,
  CANCELLED: 4,
  USED: 4,
  NO_SHOW: 4,
};
const CONFIRM_RANK: Record<string, number> = { BOOKED: 1, CONFIRMED: 2, DENIED: 3, WITHDRAWN: 3 };

/** Which booking status and which confirm status each event means. */
const BOOKING_STATUS_OF: Partial<Record<string, string>> = {
  BookingCreated: 'REQUESTED',
  ConfirmCompleted: 'CONFIRMED',
  BookingCancelled: 'CANCELLED',
  UseStarted: 'IN_USE',
  UseEnded: 'USED',
  BookingNoShow: 'NO_SHOW',
};
const CONFIRM_STATUS_OF: Partial<Record<string, string>> = {
  ConfirmRequested: 'BOOKED',
  ConfirmCompleted: 'CONFIRMED',
  ConfirmDenied: 'DENIED',
  ConfirmWithdrawn: 'WITHDRAWN',
};

export const emptyBookingList = (bookingId: number): BookingListRow => ({
  bookingId,
  bookingUserId: null,
  roomId: null,
  useStartDtm: null,
  useEndDtm: null,
  slotEventId: null,
  bookingDtm: null,
  bookingStatus: null,
  confirmId: null,
  confirmStatus: null,
  confirmUserId: null,
  confirmDtm: null,
});

type Slotted = Pick<EventData<'BookingCreated'>, 'roomId' | 'bookingUserId' | 'useStartDtm' | 'useEndDtm'>;
type Confirmed = Partial<EventData<'ConfirmCompleted'>> & { id: number };

/** The row after `event`: a pure rule, so applying an event twice or late gives the same row. */
export function applyToBookingList(row: BookingListRow, event: Envelope): BookingListRow {
  const next = { ...row };
  if (event.type.startsWith('Booking') || event.type.startsWith('Use')) {
    const data = event.data as Slotted;
    next.bookingUserId ??= data.bookingUserId;
    next.roomId ??= data.roomId;
    if (next.slotEventId === null || event.id > next.slotEventId) {
      next.useStartDtm = data.useStartDtm;
      next.useEndDtm = data.useEndDtm;
      next.slotEventId = event.id;
    }
  }
  if (event.type === 'BookingCreated') next.bookingDtm = event.time;
  const bookingStatus = BOOKING_STATUS_OF[event.type];
  if (bookingStatus && (BOOKING_RANK[bookingStatus] ?? 0) > (BOOKING_RANK[next.bookingStatus ?? ''] ?? 0)) {
    next.bookingStatus = bookingStatus;
  }
  const confirmStatus = CONFIRM_STATUS_OF[event.type];
  if (confirmStatus) {
    const data = event.data as Confirmed;
    next.confirmId = data.id;
    if ((CONFIRM_RANK[confirmStatus] ?? 0) > (CONFIRM_RANK[next.confirmStatus ?? ''] ?? 0)) {
      next.confirmStatus = confirmStatus;
    }
    next.confirmUserId ??= data.confirmUserId ?? null;
    next.confirmDtm ??= data.confirmDtm ?? null;
  }
  return next;
}
