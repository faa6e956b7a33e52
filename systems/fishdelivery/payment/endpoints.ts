import { answer, endpointsOf, notFound } from '@mosaic/kit/service';
import { listPage } from '../contracts/paging.ts';
import { IdParams } from '../contracts/schemas.ts';
import { type PaymentContext, pay } from './commands.ts';
import { Charge, PaymentListQuery } from './schemas.ts';
import { payments } from './store.ts';

const endpoint = endpointsOf<PaymentContext>();
const gateway = { auth: 'public' } as const;

/**
 * Served by payment but not published: only the order service charges, through the registry. A charge
 * taken at the gateway would pay, and so send to the store, an order that was never placed.
 */
export const charge = endpoint({
  method: 'POST',
  path: '/payments',
  body: Charge,
  summary: "Charge an order (the order service's call; 201 new, 200 when that order was already paid)",
  gateway: 'internal',
  handle: async (ctx, { body }) => {
    const { payment, created } = await pay(ctx)(body);
    return answer(created ? 201 : 200, payment);
  },
});

export const listPayments = endpoint({
  method: 'GET',
  path: '/payments',
  query: PaymentListQuery,
  summary: 'Payments, a page at a time, optionally of one order or in one status',
  gateway,
  handle: async (ctx, { query }) => listPage('payments', query, await payments(ctx.store.db).list(query)),
});

export const getPayment = endpoint({
  method: 'GET',
  path: '/payments/:id',
  params: IdParams,
  summary: 'One payment',
  gateway,
  handle: async (ctx, { params }) => {
    const payment = await payments(ctx.store.db).find(params.id);
    if (!payment) throw notFound('payment', params.id);
    return payment;
  },
});

export const paymentEndpoints = [charge, listPayments, getPayment];
