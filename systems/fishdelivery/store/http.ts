import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { listPage, type PageRequest } from '../contracts/paging.ts';
import { prepareOrder, type StoreContext } from './commands.ts';
import type { StoreOrderStatus } from './domain.ts';
import { idParam, storeOrderChangeBody, storeOrderListQuery } from './schemas.ts';
import { storeOrders } from './store.ts';

type ListQuery = PageRequest & { orderId?: number; status?: StoreOrderStatus };

export function storeRoutes(app: FastifyInstance, ctx: StoreContext) {
  app.get<{ Querystring: ListQuery }>(
    '/fishstores',
    { schema: { querystring: storeOrderListQuery } },
    async (request) => listPage('fishstores', request.query, await storeOrders(ctx.store.db).list(request.query)),
  );

  app.get<{ Params: { id: number } }>('/fishstores/:id', { schema: { params: idParam } }, async (request) => {
    const order = await storeOrders(ctx.store.db).find(request.params.id);
    if (!order) throw notFound('store order', request.params.id);
    return order;
  });

  // The seed's way: PATCH {"status":"prepared"}. It ignored the body; here the body must say what it means.
  app.patch<{ Params: { id: number } }>(
    '/fishstores/:id',
    { schema: { params: idParam, body: storeOrderChangeBody } },
    async (request) => prepareOrder(ctx)(request.params.id),
  );
}
