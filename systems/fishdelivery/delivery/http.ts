import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { idParam, pageQuery } from '../contracts/schemas.ts';
import { completeDelivery, type DeliveryContext } from './commands.ts';
import type { DeliveryStatus } from './domain.ts';
import { deliveries } from './store.ts';

export function deliveryRoutes(app: FastifyInstance, ctx: DeliveryContext) {
  app.get<{ Querystring: { orderId?: number; status?: DeliveryStatus; page: number; size: number } }>(
    '/deliveries',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            orderId: { type: 'integer', minimum: 1 },
            status: { enum: ['delivering', 'delivered', 'canceled'] },
            ...pageQuery,
          },
        },
      },
    },
    async (request) => deliveries(ctx.store.db).list(request.query),
  );

  app.get<{ Params: { id: number } }>('/deliveries/:id', { schema: { params: idParam } }, async (request) => {
    const delivery = await deliveries(ctx.store.db).find(request.params.id);
    if (!delivery) throw notFound('delivery', request.params.id);
    return delivery;
  });

  app.patch<{ Params: { id: number } }>(
    '/deliveries/:id',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          required: ['status'],
          properties: { status: { const: 'delivered', description: 'the only change a rider makes: "delivered"' } },
        },
      },
    },
    async (request) => completeDelivery(ctx)(request.params.id),
  );
}
