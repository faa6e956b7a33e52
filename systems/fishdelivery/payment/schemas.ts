import { Type } from '@mosaic/kit/http';
import { listQuery, OrderIdFilter, statusSchema, Telephone } from '../contracts/schemas.ts';
import { PAYMENT_STATUSES } from './domain.ts';

/** The order service's charge: the order's details, as OrderPlaced carries them. */
export const Charge = Type.Object({
  orderId: Type.Integer({ minimum: 1 }),
  customerName: Type.String({ minLength: 1, maxLength: 100 }),
  fishName: Type.String({ minLength: 1, maxLength: 100 }),
  qty: Type.Integer({ minimum: 1 }),
  telephone: Telephone,
  address: Type.String({ minLength: 1, maxLength: 300 }),
});

export const PaymentListQuery = listQuery({
  orderId: OrderIdFilter,
  status: statusSchema(PAYMENT_STATUSES, 'only payments in this status'),
});
