import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import type { OrderDetails } from '../contracts/events.ts';
import { listPage, type PageRequest } from '../contracts/paging.ts';
import { type PaymentContext, pay } from './commands.ts';
import type { PaymentStatus } from './domain.ts';
import { chargeBody, idParam, paymentListQuery } from './schemas.ts';
import { payments } from './store.ts';

type ListQuery = PageRequest & { orderId?: number; status?: PaymentStatus };

export function paymentRoutes(app: FastifyInstance, ctx: PaymentContext) {
  // The order service's call (not published at the gateway, see routes.ts).
  app.post<{ Body: OrderDetails }>('/payments', { schema: { body: chargeBody } }, async (request, reply) => {
    const { payment, created } = await pay(ctx)(request.body);
    return reply.code(created ? 201 : 200).send(payment);
  });

  app.get<{ Querystring: ListQuery }>('/payments', { schema: { querystring: paymentListQuery } }, async (request) =>
    listPage('payments', request.query, await payments(ctx.store.db).list(request.query)),
  );

  app.get<{ Params: { id: number } }>('/payments/:id', { schema: { params: idParam } }, async (request) => {
    const payment = await payments(ctx.store.db).find(request.params.id);
    if (!payment) throw notFound('payment', request.params.id);
    return payment;
  });
}
