import type { GatewayRoute } from '@mosaic/kit/gateway';
import { idParam, myPageListQuery, newOrderBody, orderChangeBody, orderListQuery } from './schemas.ts';

const service = 'order';
const auth = 'public';

/** The order service's gateway routes: every route http.ts serves, with the same schema objects. */
export const orderRoutes: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/orders',
    service,
    auth,
    schema: { body: newOrderBody },
    summary: 'Place an order; it is paid at once (201 PAID, or 503 PAYMENT_FAILED when payment cannot take it)',
  },
  {
    method: 'GET',
    path: '/orders',
    service,
    auth,
    schema: { querystring: orderListQuery },
    summary: 'Orders, a page at a time, optionally in one status',
  },
  { method: 'GET', path: '/orders/:id', service, auth, schema: { params: idParam }, summary: 'One order' },
  {
    method: 'PATCH',
    path: '/orders/:id',
    service,
    auth,
    schema: { params: idParam, body: orderChangeBody },
    summary: 'Cancel an order with {"status":"canceled"} (409 once delivered)',
  },
  {
    method: 'POST',
    path: '/orders/:id/cancel',
    service,
    auth,
    schema: { params: idParam },
    summary: 'Cancel an order (the same as the PATCH)',
  },
  {
    method: 'GET',
    path: '/myPages',
    service,
    auth,
    schema: { querystring: myPageListQuery },
    summary: "Customers' MyPages (built from events), a page at a time, optionally in one status",
  },
  {
    method: 'GET',
    path: '/myPages/:id',
    service,
    auth,
    schema: { params: idParam },
    summary: "An order's MyPage: how far it has come",
  },
];
