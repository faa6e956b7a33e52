import { PATTERN_MEANS } from '@mosaic/kit/http';
import { idParam, listQuery, orderIdFilter } from '../contracts/schemas.ts';
import { statusSchema } from '../contracts/status.ts';
import { PAYMENT_STATUSES } from './domain.ts';

/** The payment routes' JSON schemas, used by the service (http.ts) and by the gateway (routes.ts) alike. */

export { idParam };

export const chargeBody = {
  type: 'object',
  required: ['orderId', 'customerName', 'fishName', 'qty', 'telephone', 'address'],
  properties: {
    orderId: { type: 'integer', minimum: 1 },
    customerName: { type: 'string', minLength: 1, maxLength: 100 },
    fishName: { type: 'string', minLength: 1, maxLength: 100 },
    qty: { type: 'integer', minimum: 1 },
    telephone: { type: 'string', pattern: '^[0-9]{2,15}$', [PATTERN_MEANS]: 'digits only, 2 to 15 of them' },
    address: { type: 'string', minLength: 1, maxLength: 300 },
  },
} as const;

export const paymentListQuery = listQuery({
  orderId: orderIdFilter,
  status: statusSchema(PAYMENT_STATUSES, 'only payments in this status'),
});
