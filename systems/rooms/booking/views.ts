import { koreaDtm } from '../contracts/times.ts';
import type { Booking } from './domain.ts';
import type { Room } from './rooms.ts';

/** A booking as answered: the seed's field names, its `id` in the body (the seed hid it in HAL links), Korea time. */
export const bookingView = (b: Booking) => ({
  id: b.id,
  roomId: b.roomId,
  bookingUserId: b.bookingUserId,
  useStartDtm: koreaDtm(b.useStartDtm),
  useEndDtm: koreaDtm(b.useEndDtm),
  status: b.status,
  cancelCause: b.cancelCause,
  cancelledBy: b.cancelledBy,
  createdAt: koreaDtm(b.createdAt),
  updatedAt: koreaDtm(b.updatedAt),
});

export const roomView = (r: Room) => ({
  id: r.id,
  name: r.name,
  capacity: r.capacity,
  createdAt: koreaDtm(r.createdAt),
});
