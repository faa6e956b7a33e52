import { koreaDtm, koreaDtmOrNull } from '../contracts/times.ts';
import type { Confirm } from './domain.ts';

/** A confirm request as answered: the seed's fields, with its `id`, the admin who decided and when. */
export const confirmView = (c: Confirm) => ({
  id: c.id,
  bookingId: c.bookingId,
  userId: c.userId,
  status: c.status,
  confirmUserId: c.confirmUserId,
  confirmDtm: koreaDtmOrNull(c.confirmDtm),
  createdAt: koreaDtm(c.createdAt),
});
