import { describe, expect, it } from 'vitest';
import {
  cancel,
  markDelivered,
  type Order,
  type OrderStatus,
  orderPlaced,
  paymentFailed,
  paymentSucceeded,
} from './domain.ts';

const order = (status: OrderStatus): Order => ({
  orderId: 7,
  customerName: 'HanYongsun',
  fishName: 'flatfish',
  qty: 1,
  telephone: '01012341234',
  address: 'kyungkido sungnamsi',
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('Order', () => {
  it('raises OrderPlaced with the details, keyed by the orderId, keeping the leading 0 of the telephone', () => {
    const event = orderPlaced(order('PENDING'));
    expect(event).toMatchObject({
      type: 'OrderPlaced',
      subject: '7',
      data: { telephone: '01012341234', status: 'PENDING' },
    });
  });

  it('becomes PAID when payment succeeds, without an event of its own (payment raises PayApproved)', () => {
    const d = paymentSucceeded(order('PENDING'));
    expect(d).toEqual({ ok: true, state: expect.objectContaining({ status: 'PAID' }), events: [] });
  });

  it('becomes PAYMENT_FAILED and raises OrderCanceled when payment fails, so a late payment is undone', () => {
    const d = paymentFailed(order('PENDING'));
    if (!d.ok) throw new Error('refused');
    expect(d.state.status).toBe('PAYMENT_FAILED');
    expect(d.events).toEqual([
      expect.objectContaining({ type: 'OrderCanceled', data: expect.objectContaining({ reason: 'payment-failed' }) }),
    ]);
  });

  it.each<OrderStatus>(['PAID', 'PAYMENT_FAILED', 'CANCELED', 'DELIVERED'])(
    'settles payment only from PENDING (not %s)',
    (status) => {
      expect(paymentSucceeded(order(status)).ok).toBe(false);
      expect(paymentFailed(order(status)).ok).toBe(false);
    },
  );

  it('cancels a paid order and raises OrderCanceled by the customer', () => {
    const d = cancel(order('PAID'));
    if (!d.ok) throw new Error('refused');
    expect(d.state.status).toBe('CANCELED');
    expect(d.events[0]).toMatchObject({ type: 'OrderCanceled', data: { status: 'CANCELED', reason: 'customer' } });
  });

  it.each<[OrderStatus, string]>([
    ['DELIVERED', 'order-delivered'],
    ['CANCELED', 'order-already-canceled'],
    ['PAYMENT_FAILED', 'order-not-placed'],
    ['PENDING', 'payment-in-progress'],
  ])('refuses to cancel a %s order (%s)', (status, reason) => {
    expect(cancel(order(status))).toMatchObject({ ok: false, reason });
  });

  it('is delivered only when paid', () => {
    expect(markDelivered(order('PAID'))).toMatchObject({ ok: true, state: { status: 'DELIVERED' } });
    expect(markDelivered(order('CANCELED')).ok).toBe(false);
  });
});
