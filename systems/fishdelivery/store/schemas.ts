import { idParam, listQuery, orderIdFilter } from '../contracts/schemas.ts';
import { statusSchema } from '../contracts/status.ts';
import { STORE_ORDER_STATUSES } from './domain.ts';

/** The store routes' JSON schemas, used by the service (http.ts) and by the gateway (routes.ts) alike. */

export { idParam };

/** The seed's PATCH {"status":"prepared"}: the one change an owner makes. */
export const STORE_ORDER_CHANGES = ['prepared'] as const;

export const storeOrderChangeBody = {
  type: 'object',
  required: ['status'],
  properties: { status: statusSchema(STORE_ORDER_CHANGES, 'the change the owner makes') },
} as const;

export const storeOrderListQuery = listQuery({
  orderId: orderIdFilter,
  status: statusSchema(STORE_ORDER_STATUSES, 'only store orders in this status'),
});
