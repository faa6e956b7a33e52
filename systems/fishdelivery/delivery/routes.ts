import type { GatewayRoute } from '@mosaic/kit/gateway';
import { deliveryChangeBody, deliveryListQuery, idParam } from './schemas.ts';

const service = 'delivery';
const auth = 'public';

/** The delivery service's gateway routes: every route http.ts serves, with the same schema objects. */
export const deliveryRoutes: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/deliveries',
    service,
    auth,
    schema: { querystring: deliveryListQuery },
    summary: 'Deliveries, a page at a time, optionally of one order or in one status',
  },
  { method: 'GET', path: '/deliveries/:id', service, auth, schema: { params: idParam }, summary: 'One delivery' },
  {
    method: 'PATCH',
    path: '/deliveries/:id',
    service,
    auth,
    schema: { params: idParam, body: deliveryChangeBody },
    summary: 'The rider hands the fish over with {"status":"delivered"}',
  },
];
