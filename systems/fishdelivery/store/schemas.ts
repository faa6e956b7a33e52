import { Type } from '@mosaic/kit/http';
import { listQuery, OrderIdFilter, statusSchema } from '../contracts/schemas.ts';
import { STORE_ORDER_STATUSES } from './domain.ts';

/** The seed's PATCH {"status":"prepared"}: the one change an owner makes. */
export const StoreOrderChange = Type.Object({
  status: statusSchema(['prepared'] as const, 'the change the owner makes'),
});

export const StoreOrderListQuery = listQuery({
  orderId: OrderIdFilter,
  status: statusSchema(STORE_ORDER_STATUSES, 'only store orders in this status'),
});
