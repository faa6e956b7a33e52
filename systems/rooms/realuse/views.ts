import { koreaDtm, koreaDtmOrNull } from '../contracts/times.ts';
import type { Realuse } from './realuses.ts';

/** A use as answered: the seed's fields with the booked slot and the booker beside the real times. */
export const realuseView = (r: Realuse) => ({
  id: r.id,
  bookingId: r.bookingId,
  roomId: r.roomId,
  bookingUserId: r.bookingUserId,
  useStartDtm: koreaDtm(r.useStartDtm),
  useEndDtm: koreaDtm(r.useEndDtm),
  realUseStartDtm: koreaDtm(r.realUseStartDtm),
  realUseEndDtm: koreaDtmOrNull(r.realUseEndDtm),
});
