import { Type } from '@mosaic/kit/http';
import { UserId } from '../contracts/accounts.ts';

const Id = (description: string) => Type.Integer({ minimum: 1, description });

export const NotificationParams = Type.Object({ id: Id('the notice') });
export const NotificationQuery = Type.Object({
  userId: Type.Optional(UserId('whose notices (yours unless you are an admin)')),
  bookingId: Type.Optional(Id('only notices about this booking')),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'rows a page' })),
});
