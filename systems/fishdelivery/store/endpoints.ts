import { endpointsOf, notFound } from '@mosaic/kit/service';
import { listPage } from '../contracts/paging.ts';
import { IdParams } from '../contracts/schemas.ts';
import { prepareOrder, type StoreContext } from './commands.ts';
import { StoreOrderChange, StoreOrderListQuery } from './schemas.ts';
import { storeOrders } from './store.ts';

const endpoint = endpointsOf<StoreContext>();
const gateway = { auth: 'public' } as const;

export const listStoreOrders = endpoint({
  method: 'GET',
  path: '/fishstores',
  query: StoreOrderListQuery,
  summary: 'Orders the store received, a page at a time, optionally of one order or in one status',
  gateway,
  handle: async (ctx, { query }) => listPage('fishstores', query, await storeOrders(ctx.store.db).list(query)),
});

export const getStoreOrder = endpoint({
  method: 'GET',
  path: '/fishstores/:id',
  params: IdParams,
  summary: 'One store order (by fishOrderId)',
  gateway,
  handle: async (ctx, { params }) => {
    const order = await storeOrders(ctx.store.db).find(params.id);
    if (!order) throw notFound('store order', params.id);
    return order;
  },
});

/** The seed's way: PATCH {"status":"prepared"}. It ignored the body; here the body must say what it means. */
export const prepareStoreOrder = endpoint({
  method: 'PATCH',
  path: '/fishstores/:id',
  params: IdParams,
  body: StoreOrderChange,
  summary: 'The owner marks the fish prepared with {"status":"prepared"}: delivery starts',
  gateway,
  handle: (ctx, { params }) => prepareOrder(ctx)(params.id),
});

export const storeEndpoints = [listStoreOrders, getStoreOrder, prepareStoreOrder];
