import { created, endpointsOf, notFound } from '@mosaic/kit/service';
import { listPage } from '../contracts/paging.ts';
import { IdParams } from '../contracts/schemas.ts';
import { cancelOrder, type OrderContext, placeOrder } from './commands.ts';
import { MyPageListQuery, NewOrder, OrderChange, OrderListQuery } from './schemas.ts';
import { orders } from './store.ts';
import { myPages } from './views.ts';

const endpoint = endpointsOf<OrderContext>();
const gateway = { auth: 'public' } as const;

export const placeOrderEndpoint = endpoint({
  method: 'POST',
  path: '/orders',
  body: NewOrder,
  summary: 'Place an order; it is paid at once (201 PAID, or 503 PAYMENT_FAILED when payment cannot take it)',
  gateway,
  handle: async (ctx, { body }) => {
    const order = await placeOrder(ctx)(body);
    return created(order, { location: `/orders/${order.orderId}` });
  },
});

export const listOrders = endpoint({
  method: 'GET',
  path: '/orders',
  query: OrderListQuery,
  summary: 'Orders, a page at a time, optionally in one status',
  gateway,
  handle: async (ctx, { query }) => listPage('orders', query, await orders(ctx.store.db).list(query)),
});

export const getOrder = endpoint({
  method: 'GET',
  path: '/orders/:id',
  params: IdParams,
  summary: 'One order',
  gateway,
  handle: async (ctx, { params }) => {
    const order = await orders(ctx.store.db).find(params.id);
    if (!order) throw notFound('order', params.id);
    return order;
  },
});

/** The seed's way to cancel: PATCH the order's status. Nothing else about an order can be patched. */
export const patchOrder = endpoint({
  method: 'PATCH',
  path: '/orders/:id',
  params: IdParams,
  body: OrderChange,
  summary: 'Cancel an order with {"status":"canceled"} (409 once delivered)',
  gateway,
  handle: (ctx, { params }) => cancelOrder(ctx)(params.id),
});

export const cancelOrderEndpoint = endpoint({
  method: 'POST',
  path: '/orders/:id/cancel',
  params: IdParams,
  summary: 'Cancel an order (the same as the PATCH)',
  gateway,
  handle: (ctx, { params }) => cancelOrder(ctx)(params.id),
});

export const listMyPages = endpoint({
  method: 'GET',
  path: '/myPages',
  query: MyPageListQuery,
  summary: "Customers' MyPages (built from events), a page at a time, optionally in one status",
  gateway,
  handle: async (ctx, { query }) => listPage('myPages', query, await myPages(ctx.store.db).list(query)),
});

export const getMyPage = endpoint({
  method: 'GET',
  path: '/myPages/:id',
  params: IdParams,
  summary: "An order's MyPage: how far it has come",
  gateway,
  handle: async (ctx, { params }) => {
    const view = await myPages(ctx.store.db).find(params.id);
    if (!view) throw notFound('myPage of order', params.id);
    return view;
  },
});

export const orderEndpoints = [
  placeOrderEndpoint,
  listOrders,
  getOrder,
  patchOrder,
  cancelOrderEndpoint,
  listMyPages,
  getMyPage,
];
