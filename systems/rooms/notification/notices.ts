import type { EventData } from '../contracts/events.ts';

/** What a member is told, and whom it concerns. */
export interface Notice {
  userId: string;
  bookingId: number;
  contents: string;
}

/**
 * The words of each notice: the seed's own where it had them (spec §5, verbatim, English), ours in the same
 * style for the changes it never announced (approval, denial, use end, no-show: R-G1).
 */
export const notices = {
  BookingCreated: (e: EventData<'BookingCreated'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.id,
    contents: `conference room[${e.roomId}] reservation is complete`,
  }),
  BookingChanged: (e: EventData<'BookingChanged'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.id,
    contents: 'reservation has been changed',
  }),
  BookingCancelled: (e: EventData<'BookingCancelled'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.id,
    contents: 'reservation has been canceled',
  }),
  ConfirmCompleted: (e: EventData<'ConfirmCompleted'>): Notice => ({
    userId: e.userId,
    bookingId: e.bookingId,
    contents: `Booking Number[ ${e.bookingId} ] reservation has been confirmed`,
  }),
  ConfirmDenied: (e: EventData<'ConfirmDenied'>): Notice => ({
    userId: e.userId,
    bookingId: e.bookingId,
    contents: `Booking Number[ ${e.bookingId} ] reservation has been denied`,
  }),
  UseStarted: (e: EventData<'UseStarted'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.bookingId,
    contents: `Booking Number[ ${e.bookingId} ] is use started`,
  }),
  UseEnded: (e: EventData<'UseEnded'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.bookingId,
    contents: `Booking Number[ ${e.bookingId} ] is use ended`,
  }),
  BookingNoShow: (e: EventData<'BookingNoShow'>): Notice => ({
    userId: e.bookingUserId,
    bookingId: e.id,
    contents: `Booking Number[ ${e.id} ] was not checked in within 15 minutes of its start; the room is free again`,
  }),
};
