import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { idParam, pageQuery } from '../contracts/schemas.ts';
import { prepareOrder, type StoreContext } from './commands.ts';
import type { StoreOrderStatus } from './domain.ts';
import { storeOrders } from './store.ts';

export function storeRoutes(app: FastifyInstance, ctx: StoreContext) {
  app.get<{ Querystring: { orderId?: number; status?: StoreOrderStatus; page: number; size: number } }>(
    '/fishstores',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            orderId: { type: 'integer', minimum: 1 },
            status: { enum: ['paid', 'prepared', 'canceled'] },
            ...pageQuery,
          },
        },
      },
    },
    async (request) => storeOrders(ctx.store.db).list(request.query),
  );

  app.get<{ Params: { id: number } }>('/fishstores/:id', { schema: { params: idParam } }, async (request) => {
    const order = await storeOrders(ctx.store.db).find(request.params.id);
    if (!order) throw notFound('store order', request.params.id);
    return order;
  });

  // The seed's way: PATCH {"status":"prepared"}. It ignored the body; here the body must say what it means.
  app.patch<{ Params: { id: number } }>(
    '/fishstores/:id',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          required: ['status'],
          properties: { status: { const: 'prepared', description: 'the only change an owner makes: "prepared"' } },
        },
      },
    },
    async (request) => prepareOrder(ctx)(request.params.id),
  );
}
