import { Type } from '@mosaic/kit/http';
import { listQuery, statusSchema, Telephone } from '../contracts/schemas.ts';
import { ORDER_STATUSES } from './domain.ts';
import { MY_PAGE_STATUSES } from './store.ts';

export const NewOrder = Type.Object({
  customerName: Type.String({ minLength: 1, maxLength: 100 }),
  fishName: Type.String({ minLength: 1, maxLength: 100 }),
  qty: Type.Integer({ minimum: 1, maximum: 1000 }),
  telephone: Telephone,
  address: Type.String({ minLength: 1, maxLength: 300 }),
});

/** The seed's cancel, PATCH status "canceled": the one change a customer makes to an order. */
export const OrderChange = Type.Object({
  status: statusSchema(['canceled'] as const, 'the change asked for; the order then reads CANCELED'),
});

export const OrderListQuery = listQuery({ status: statusSchema(ORDER_STATUSES, 'only orders in this status') });

export const MyPageListQuery = listQuery({ status: statusSchema(MY_PAGE_STATUSES, 'only MyPages in this status') });
