import { PATTERN_MEANS } from '@mosaic/kit/http';
import { idParam, listQuery } from '../contracts/schemas.ts';
import { statusSchema } from '../contracts/status.ts';
import { ORDER_STATUSES } from './domain.ts';
import { MY_PAGE_STATUSES } from './views.ts';

/** The order routes' JSON schemas, used by the service (http.ts) and by the gateway (routes.ts) alike. */

export { idParam };

export const newOrderBody = {
  type: 'object',
  required: ['customerName', 'fishName', 'qty', 'telephone', 'address'],
  properties: {
    customerName: { type: 'string', minLength: 1, maxLength: 100 },
    fishName: { type: 'string', minLength: 1, maxLength: 100 },
    qty: { type: 'integer', minimum: 1, maximum: 1000 },
    // A string of digits: the seed stored it as an Integer and lost the leading 0.
    telephone: {
      type: 'string',
      pattern: '^[0-9]{2,15}$',
      [PATTERN_MEANS]: 'digits only, 2 to 15 of them',
      description: 'digits only; a leading 0 is kept',
    },
    address: { type: 'string', minLength: 1, maxLength: 300 },
  },
} as const;

/** The seed's cancel, PATCH status "canceled": the one change a customer makes to an order. */
export const ORDER_CHANGES = ['canceled'] as const;

export const orderChangeBody = {
  type: 'object',
  required: ['status'],
  properties: { status: statusSchema(ORDER_CHANGES, 'the change asked for; the order then reads CANCELED') },
} as const;

export const orderListQuery = listQuery({ status: statusSchema(ORDER_STATUSES, 'only orders in this status') });

export const myPageListQuery = listQuery({ status: statusSchema(MY_PAGE_STATUSES, 'only MyPages in this status') });
