import type { GatewayRoute } from '@mosaic/kit/gateway';
import { idParam, storeOrderChangeBody, storeOrderListQuery } from './schemas.ts';

const service = 'store';
const auth = 'public';

/** The store service's gateway routes: every route http.ts serves, with the same schema objects. */
export const storeRoutes: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/fishstores',
    service,
    auth,
    schema: { querystring: storeOrderListQuery },
    summary: 'Orders the store received, a page at a time, optionally of one order or in one status',
  },
  {
    method: 'GET',
    path: '/fishstores/:id',
    service,
    auth,
    schema: { params: idParam },
    summary: 'One store order (by fishOrderId)',
  },
  {
    method: 'PATCH',
    path: '/fishstores/:id',
    service,
    auth,
    schema: { params: idParam, body: storeOrderChangeBody },
    summary: 'The owner marks the fish prepared with {"status":"prepared"}: delivery starts',
  },
];
