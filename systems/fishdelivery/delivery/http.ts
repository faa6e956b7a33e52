import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { listPage, type PageRequest } from '../contracts/paging.ts';
import { completeDelivery, type DeliveryContext } from './commands.ts';
import type { DeliveryStatus } from './domain.ts';
import { deliveryChangeBody, deliveryListQuery, idParam } from './schemas.ts';
import { deliveries } from './store.ts';

type ListQuery = PageRequest & { orderId?: number; status?: DeliveryStatus };

export function deliveryRoutes(app: FastifyInstance, ctx: DeliveryContext) {
  app.get<{ Querystring: ListQuery }>('/deliveries', { schema: { querystring: deliveryListQuery } }, async (request) =>
    listPage('deliveries', request.query, await deliveries(ctx.store.db).list(request.query)),
  );

  app.get<{ Params: { id: number } }>('/deliveries/:id', { schema: { params: idParam } }, async (request) => {
    const delivery = await deliveries(ctx.store.db).find(request.params.id);
    if (!delivery) throw notFound('delivery', request.params.id);
    return delivery;
  });

  app.patch<{ Params: { id: number } }>(
    '/deliveries/:id',
    { schema: { params: idParam, body: deliveryChangeBody } },
    async (request) => completeDelivery(ctx)(request.params.id),
  );
}
