import { stringEnum, Type } from '@mosaic/kit/http';
import { UserId } from '../contracts/accounts.ts';
import { BOOKING_STATUSES } from '../contracts/events.ts';
import { Dtm } from '../contracts/times.ts';

const Id = (description: string) => Type.Integer({ minimum: 1, description });

export const NewRoom = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 99_999_999, description: 'the room number, as on its door (556677)' }),
  name: Type.String({ minLength: 1, maxLength: 100, description: 'what people call it: "Conference room 556677"' }),
  capacity: Type.Integer({ minimum: 1, maximum: 1000, description: 'seats' }),
});

export const RoomParams = Type.Object({ id: Id('the room') });
export const BookingParams = Type.Object({ id: Id('the booking') });

export const NewBooking = Type.Object({
  roomId: Id('the room (GET /rooms)'),
  useStartDtm: Dtm('when the meeting starts'),
  useEndDtm: Dtm('when it ends'),
  bookingUserId: Type.Optional(UserId('who books: yourself (the default); an admin may book for a member')),
});

/** One change at a time: another slot (both ends), or `{"status":"CANCELLED"}`. */
export const BookingChange = Type.Object({
  useStartDtm: Type.Optional(Dtm('the new start')),
  useEndDtm: Type.Optional(Dtm('the new end')),
  status: Type.Optional(stringEnum(['CANCELLED'] as const, { description: 'cancel the booking' })),
});

export const BookingQuery = Type.Object({
  status: Type.Optional(stringEnum(BOOKING_STATUSES, { description: 'only bookings in this status' })),
  roomId: Type.Optional(Id('only bookings of this room')),
  bookingUserId: Type.Optional(UserId('only bookings of this member (admins; a member sees only their own)')),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'rows a page' })),
});
