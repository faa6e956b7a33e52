import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import type { OrderDetails } from '../contracts/events.ts';
import { idParam, pageQuery } from '../contracts/schemas.ts';
import { type PaymentContext, pay } from './commands.ts';
import { payments } from './store.ts';

const chargeBody = {
  type: 'object',
  required: ['orderId', 'customerName', 'fishName', 'qty', 'telephone', 'address'],
  properties: {
    orderId: { type: 'integer', minimum: 1 },
    customerName: { type: 'string', minLength: 1, maxLength: 100 },
    fishName: { type: 'string', minLength: 1, maxLength: 100 },
    qty: { type: 'integer', minimum: 1 },
    telephone: { type: 'string', pattern: '^[0-9]{2,15}$' },
    address: { type: 'string', minLength: 1, maxLength: 300 },
  },
} as const;

export function paymentRoutes(app: FastifyInstance, ctx: PaymentContext) {
  app.post<{ Body: OrderDetails }>('/payments', { schema: { body: chargeBody } }, async (request, reply) => {
    const { payment, created } = await pay(ctx)(request.body);
    return reply.code(created ? 201 : 200).send(payment);
  });

  app.get<{ Querystring: { orderId?: number; page: number; size: number } }>(
    '/payments',
    {
      schema: {
        querystring: { type: 'object', properties: { orderId: { type: 'integer', minimum: 1 }, ...pageQuery } },
      },
    },
    async (request) => payments(ctx.store.db).list(request.query),
  );

  app.get<{ Params: { id: number } }>('/payments/:id', { schema: { params: idParam } }, async (request) => {
    const payment = await payments(ctx.store.db).find(request.params.id);
    if (!payment) throw notFound('payment', request.params.id);
    return payment;
  });
}
