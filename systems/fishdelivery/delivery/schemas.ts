import { Type } from '@mosaic/kit/http';
import { listQuery, OrderIdFilter, statusSchema } from '../contracts/schemas.ts';
import { DELIVERY_STATUSES } from './domain.ts';

/** PATCH {"status":"delivered"}: the one change a rider makes. */
export const DeliveryChange = Type.Object({
  status: statusSchema(['delivered'] as const, 'the change the rider makes'),
});

export const DeliveryListQuery = listQuery({
  orderId: OrderIdFilter,
  status: statusSchema(DELIVERY_STATUSES, 'only deliveries in this status'),
});
