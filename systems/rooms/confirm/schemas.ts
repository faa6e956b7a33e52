import { stringEnum, Type } from '@mosaic/kit/http';
import { CONFIRM_STATUSES } from './domain.ts';

const Id = (description: string) => Type.Integer({ minimum: 1, description });

export const ConfirmParams = Type.Object({ id: Id('the confirm request') });

export const Verdict = Type.Object({
  status: stringEnum(['CONFIRMED', 'DENIED'] as const, {
    description: 'approve, or deny (which cancels the booking first)',
  }),
});

export const ConfirmQuery = Type.Object({
  status: Type.Optional(stringEnum(CONFIRM_STATUSES, { description: 'BOOKED is the queue of requests to decide' })),
  bookingId: Type.Optional(Id('the request of this booking')),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'rows a page' })),
});
