import { Type } from '@mosaic/kit/http';

const Id = (description: string) => Type.Integer({ minimum: 1, description });

/** The seed's siege posted `{"status":"READY"}` and got rows (R-B7); here a check-in names its booking. */
export const CheckIn = Type.Object({ bookingId: Id('the CONFIRMED booking you are checking in to') });
/** Check-out says nothing but which use (the seed sent a free-text realUseEndDtm; the time is the server's). */
export const CheckOut = Type.Object({});
export const RealuseParams = Type.Object({ id: Id('the real use') });
export const RealuseQuery = Type.Object({
  bookingId: Type.Optional(Id('the use of this booking')),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'rows a page' })),
});
