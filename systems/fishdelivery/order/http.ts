import { badRequest, notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import { idParam, pageQuery } from '../contracts/schemas.ts';
import { cancelOrder, type OrderContext, placeOrder } from './commands.ts';
import type { NewOrder, OrderStatus } from './domain.ts';
import { orders } from './store.ts';
import { type MyPageStatus, myPages } from './views.ts';

const newOrderBody = {
  type: 'object',
  required: ['customerName', 'fishName', 'qty', 'telephone', 'address'],
  properties: {
    customerName: { type: 'string', minLength: 1, maxLength: 100 },
    fishName: { type: 'string', minLength: 1, maxLength: 100 },
    qty: { type: 'integer', minimum: 1, maximum: 1000 },
    // A string of digits: the seed stored it as an Integer and lost the leading 0.
    telephone: { type: 'string', pattern: '^[0-9]{2,15}$' },
    address: { type: 'string', minLength: 1, maxLength: 300 },
  },
} as const;

const ORDER_STATUSES = ['PENDING', 'PAID', 'PAYMENT_FAILED', 'CANCELED', 'DELIVERED'] as const;
const MY_PAGE_STATUSES = ['placed', 'paid', 'prepared', 'delivering', 'delivered', 'canceled'] as const;

export function orderRoutes(app: FastifyInstance, ctx: OrderContext) {
  app.post<{ Body: NewOrder }>('/orders', { schema: { body: newOrderBody } }, async (request, reply) => {
    const order = await placeOrder(ctx)(request.body);
    return reply.code(201).header('location', `/orders/${order.orderId}`).send(order);
  });

  app.get<{ Querystring: { status?: OrderStatus; page: number; size: number } }>(
    '/orders',
    { schema: { querystring: { type: 'object', properties: { status: { enum: ORDER_STATUSES }, ...pageQuery } } } },
    async (request) => orders(ctx.store.db).list(request.query),
  );

  app.get<{ Params: { id: number } }>('/orders/:id', { schema: { params: idParam } }, async (request) => {
    const order = await orders(ctx.store.db).find(request.params.id);
    if (!order) throw notFound('order', request.params.id);
    return order;
  });

  // The seed's way to cancel: PATCH the order's status. Nothing else about an order can be patched.
  app.patch<{ Params: { id: number }; Body: { status: string } }>(
    '/orders/:id',
    {
      schema: {
        params: idParam,
        body: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
      },
    },
    async (request) => {
      if (request.body.status.toLowerCase() !== 'canceled') {
        throw badRequest(
          'invalid-status',
          'body.status can only be "canceled": an order changes no other way by request',
          {
            errors: [{ field: 'body.status', message: 'must be "canceled"' }],
          },
        );
      }
      return cancelOrder(ctx)(request.params.id);
    },
  );

  app.post<{ Params: { id: number } }>('/orders/:id/cancel', { schema: { params: idParam } }, async (request) =>
    cancelOrder(ctx)(request.params.id),
  );

  app.get<{ Querystring: { status?: MyPageStatus; page: number; size: number } }>(
    '/myPages',
    { schema: { querystring: { type: 'object', properties: { status: { enum: MY_PAGE_STATUSES }, ...pageQuery } } } },
    async (request) => myPages(ctx.store.db).list(request.query),
  );

  app.get<{ Params: { id: number } }>('/myPages/:id', { schema: { params: idParam } }, async (request) => {
    const view = await myPages(ctx.store.db).find(request.params.id);
    if (!view) throw notFound('myPage of order', request.params.id);
    return view;
  });
}
