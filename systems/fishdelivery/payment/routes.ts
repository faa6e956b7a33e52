import type { GatewayRoute } from '@mosaic/kit/gateway';
import { idParam, paymentListQuery } from './schemas.ts';

const service = 'payment';
const auth = 'public';

/** The payment service's gateway routes: what http.ts serves, with the same schema objects, but the charge. */
export const paymentRoutes: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/payments',
    service,
    auth,
    schema: { querystring: paymentListQuery },
    summary: 'Payments, a page at a time, optionally of one order or in one status',
  },
  { method: 'GET', path: '/payments/:id', service, auth, schema: { params: idParam }, summary: 'One payment' },
];

/**
 * Served by payment but not published: only the order service charges, through the registry. A charge
 * taken at the gateway would pay, and so send to the store, an order that was never placed.
 */
export const unpublishedPaymentRoutes: readonly Pick<GatewayRoute, 'method' | 'path'>[] = [
  { method: 'POST', path: '/payments' },
];
