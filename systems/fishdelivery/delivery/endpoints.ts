import { endpointsOf, notFound } from '@mosaic/kit/service';
import { listPage } from '../contracts/paging.ts';
import { IdParams } from '../contracts/schemas.ts';
import { completeDelivery, type DeliveryContext } from './commands.ts';
import { DeliveryChange, DeliveryListQuery } from './schemas.ts';
import { deliveries } from './store.ts';

const endpoint = endpointsOf<DeliveryContext>();
const gateway = { auth: 'public' } as const;

export const listDeliveries = endpoint({
  method: 'GET',
  path: '/deliveries',
  query: DeliveryListQuery,
  summary: 'Deliveries, a page at a time, optionally of one order or in one status',
  gateway,
  handle: async (ctx, { query }) => listPage('deliveries', query, await deliveries(ctx.store.db).list(query)),
});

export const getDelivery = endpoint({
  method: 'GET',
  path: '/deliveries/:id',
  params: IdParams,
  summary: 'One delivery',
  gateway,
  handle: async (ctx, { params }) => {
    const delivery = await deliveries(ctx.store.db).find(params.id);
    if (!delivery) throw notFound('delivery', params.id);
    return delivery;
  },
});

export const completeDeliveryEndpoint = endpoint({
  method: 'PATCH',
  path: '/deliveries/:id',
  params: IdParams,
  body: DeliveryChange,
  summary: 'The rider hands the fish over with {"status":"delivered"}',
  gateway,
  handle: (ctx, { params }) => completeDelivery(ctx)(params.id),
});

export const deliveryEndpoints = [listDeliveries, getDelivery, completeDeliveryEndpoint];
