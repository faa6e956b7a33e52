import { koreaDtmOrNull } from '../contracts/times.ts';
import type { BookingListRow } from './booking-list.ts';
import type { RoomUseListRow } from './room-use-list.ts';

/** A bookingLists row as answered: the seed's fields (with the confirm's id and confirmer it never filled). */
export const bookingListView = (r: BookingListRow & { id: number }) => ({
  id: r.id,
  bookingId: r.bookingId,
  bookingUserId: r.bookingUserId,
  roomId: r.roomId,
  useStartDtm: koreaDtmOrNull(r.useStartDtm),
  useEndDtm: koreaDtmOrNull(r.useEndDtm),
  bookingDtm: koreaDtmOrNull(r.bookingDtm),
  bookingStatus: r.bookingStatus,
  confirmId: r.confirmId,
  confirmStatus: r.confirmStatus,
  confirmUserId: r.confirmUserId,
  confirmDtm: koreaDtmOrNull(r.confirmDtm),
});

export const roomUseListView = (r: RoomUseListRow & { id: number }) => ({
  id: r.id,
  bookingId: r.bookingId,
  roomId: r.roomId,
  bookingUserId: r.bookingUserId,
  bookedUseStartDtm: koreaDtmOrNull(r.bookedUseStartDtm),
  bookedUseEndDtm: koreaDtmOrNull(r.bookedUseEndDtm),
  realuseId: r.realuseId,
  realUseStartDtm: koreaDtmOrNull(r.realUseStartDtm),
  realUseEndDtm: koreaDtmOrNull(r.realUseEndDtm),
});
