import { type Static, Type } from '@mosaic/kit/http';
import { defineEvents } from '@mosaic/kit/messaging';

/**
 * The rooms events (spec §5 with its [proposal] events), the only code the services share. All of them go to
 * the system's one stream, so every consumer sees every event it subscribes to (the seed split them over two
 * Kafka topics and half reached nobody, R-B1). Event names are the seed's; every event of a booking carries
 * its bookingId (the seed's ConfirmCompleted did not, and its list updated the wrong booking, R-B3), and a
 * booking's events share it as their subject, so they reach each consumer in the order they were published.
 * Times are stored instants (UTC ISO 8601, `contracts/times.ts`).
 */

const id = (description: string) => Type.Integer({ minimum: 1, description });
const userId = (description: string) => Type.String({ pattern: '^[0-9]{5}$', description });
/** A stored instant: UTC, fixed width (`storedDtm`). */
const instant = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$', description });

/**
 * The statuses issue 16 lists. A denial leaves the booking CANCELLED with cause `denied` (the issue's own
 * scenario and spec §6: "REQUESTED/CONFIRMED → CANCELLED … system on DENIED"), so booking itself never writes
 * DENIED: the denial is the confirm request's status. It stays listed so a filter on it is valid, not a 400.
 */
export const BOOKING_STATUSES = ['REQUESTED', 'CONFIRMED', 'DENIED', 'CANCELLED', 'IN_USE', 'USED', 'NO_SHOW'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const ROLES = ['member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who ended a booking before its use: its booker, an admin, or an admin's denial of its confirm request. */
export const CANCEL_CAUSES = ['booker', 'admin', 'denied'] as const;
export type CancelCause = (typeof CANCEL_CAUSES)[number];

const Booking = Type.Object({
  id: id('the booking'),
  roomId: id('the room'),
  useStartDtm: instant('the booked start'),
  useEndDtm: instant('the booked end'),
  bookingUserId: userId('the member who booked'),
});

const Confirm = Type.Object({
  id: id('the confirm request'),
  bookingId: id('its booking'),
  userId: userId('the member who booked'),
});

export const roomsEvents = defineEvents(
  {
    /** An admin added a member (or an admin) to the office's directory. */
    MemberJoined: Type.Object({
      userId: userId('the member'),
      name: Type.String(),
      email: Type.String(),
      role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    }),
    /** An admin added a room to the catalogue. */
    RoomAdded: Type.Object({ roomId: id('the room'), name: Type.String(), capacity: Type.Integer({ minimum: 1 }) }),
    /** A member booked a free slot: the booking waits for an admin (REQUESTED). */
    BookingCreated: Booking,
    /** The booker moved a booking still waiting for approval to another free slot. */
    BookingChanged: Booking,
    /** The booking stands no more: cancelled by its booker or an admin, or denied (then cancelled synchronously). */
    BookingCancelled: Type.Composite([
      Booking,
      Type.Object({
        cause: Type.Union(CANCEL_CAUSES.map((c) => Type.Literal(c))),
        cancelledBy: userId('who cancelled or denied it'),
      }),
    ]),
    /** A CONFIRMED booking nobody checked in within 15 minutes of its start; its room is free again. */
    BookingNoShow: Booking,
    /** Each new booking became a request in the admins' queue (status BOOKED). */
    ConfirmRequested: Confirm,
    /** An admin approved the booking. */
    ConfirmCompleted: Type.Composite([
      Confirm,
      Type.Object({ confirmUserId: userId('the admin'), confirmDtm: instant('when it was approved') }),
    ]),
    /** An admin denied the booking; booking had already cancelled it when this was recorded. */
    ConfirmDenied: Type.Composite([
      Confirm,
      Type.Object({ confirmUserId: userId('the admin'), confirmDtm: instant('when it was denied') }),
    ]),
    /** The booker checked in (the seed's UseStarted, now with its booking's booker and slot). */
    UseStarted: Type.Composite([
      Type.Object({ id: id('the real use'), realUseStartDtm: instant('when the booker checked in') }),
      Type.Object({ bookingId: id('its booking') }),
      Type.Omit(Booking, ['id']),
    ]),
    /** The booker checked out: the booking is USED and its room free. */
    UseEnded: Type.Composite([
      Type.Object({
        id: id('the real use'),
        realUseStartDtm: instant('when the booker checked in'),
        realUseEndDtm: instant('when the booker checked out'),
      }),
      Type.Object({ bookingId: id('its booking') }),
      Type.Omit(Booking, ['id']),
    ]),
    /** The booker cancelled first: the request left the admins' queue (the seed's confirmDelete, never built). */
    ConfirmWithdrawn: Confirm,
  },
  {
    subject: (type, data) => {
      if (type === 'MemberJoined') return `member-${(data as { userId: string }).userId}`;
      if (type === 'RoomAdded') return `room-${(data as { roomId: number }).roomId}`;
      return bookingSubject(type, data);
    },
  },
);

/** A booking's events and its confirm's share the booking's id as subject: one booking, one order. */
function bookingSubject(type: string, data: unknown): string {
  const bookingId = type.startsWith('Booking')
    ? (data as { id: number }).id
    : (data as { bookingId: number }).bookingId;
  return String(bookingId);
}

type Schemas = typeof roomsEvents.schemas;
export type EventData<K extends keyof Schemas> = Static<Schemas[K]>;
export type BookingFacts = EventData<'BookingCreated'>;
export type ConfirmFacts = EventData<'ConfirmRequested'>;

/** Builds a domain event typed by its name; the subject comes from the catalog's rule. */
export const roomsEvent = roomsEvents.event;
