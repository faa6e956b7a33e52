import { idParam, listQuery, orderIdFilter } from '../contracts/schemas.ts';
import { statusSchema } from '../contracts/status.ts';
import { DELIVERY_STATUSES } from './domain.ts';

/** The delivery routes' JSON schemas, used by the service (http.ts) and by the gateway (routes.ts) alike. */

export { idParam };

/** PATCH {"status":"delivered"}: the one change a rider makes. */
export const DELIVERY_CHANGES = ['delivered'] as const;

export const deliveryChangeBody = {
  type: 'object',
  required: ['status'],
  properties: { status: statusSchema(DELIVERY_CHANGES, 'the change the rider makes') },
} as const;

export const deliveryListQuery = listQuery({
  orderId: orderIdFilter,
  status: statusSchema(DELIVERY_STATUSES, 'only deliveries in this status'),
});
