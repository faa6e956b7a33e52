import { notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { listPage, type PageRequest } from '../contracts/paging.ts';
import { cancelOrder, type OrderContext, placeOrder } from './commands.ts';
import type { NewOrder, OrderStatus } from './domain.ts';
import { idParam, myPageListQuery, newOrderBody, orderChangeBody, orderListQuery } from './schemas.ts';
import { orders } from './store.ts';
import { type MyPageStatus, myPages } from './views.ts';

export function orderRoutes(app: FastifyInstance, ctx: OrderContext) {
  app.post<{ Body: NewOrder }>('/orders', { schema: { body: newOrderBody } }, async (request, reply) => {
    const order = await placeOrder(ctx)(request.body);
    return reply.code(201).header('location', `/orders/${order.orderId}`).send(order);
  });

  app.get<{ Querystring: PageRequest & { status?: OrderStatus } }>(
    '/orders',
    { schema: { querystring: orderListQuery } },
    async (request) => listPage('orders', request.query, await orders(ctx.store.db).list(request.query)),
  );

  app.get<{ Params: { id: number } }>('/orders/:id', { schema: { params: idParam } }, async (request) => {
    const order = await orders(ctx.store.db).find(request.params.id);
    if (!order) throw notFound('order', request.params.id);
    return order;
  });

  // The seed's way to cancel: PATCH the order's status. Nothing else about an order can be patched.
  app.patch<{ Params: { id: number } }>(
    '/orders/:id',
    { schema: { params: idParam, body: orderChangeBody } },
    async (request) => cancelOrder(ctx)(request.params.id),
  );

  app.post<{ Params: { id: number } }>('/orders/:id/cancel', { schema: { params: idParam } }, async (request) =>
    cancelOrder(ctx)(request.params.id),
  );

  app.get<{ Querystring: PageRequest & { status?: MyPageStatus } }>(
    '/myPages',
    { schema: { querystring: myPageListQuery } },
    async (request) => listPage('myPages', request.query, await myPages(ctx.store.db).list(request.query)),
  );

  app.get<{ Params: { id: number } }>('/myPages/:id', { schema: { params: idParam } }, async (request) => {
    const view = await myPages(ctx.store.db).find(request.params.id);
    if (!view) throw notFound('myPage of order', request.params.id);
    return view;
  });
}
