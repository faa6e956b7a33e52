import { describe, expect, it } from 'vitest';
import { cancelPayment, charge, type Payment, payApproved } from './domain.ts';

const payment = (status: Payment['status']): Payment => ({
  paymentId: 1,
  orderId: 9,
  customerName: 'Lee',
  fishName: 'salmon',
  qty: 1,
  telephone: '010',
  address: 'Busan',
  status,
});

describe('Payment', () => {
  it('charges a new order, and answers a repeat with the first payment', () => {
    expect(charge(undefined)).toMatchObject({ ok: true, state: 'new' });
    expect(charge(payment('paid'))).toMatchObject({ ok: true, state: { paymentId: 1 } });
  });

  it('refuses to charge an order that was canceled first', () => {
    expect(charge(payment('canceled'))).toMatchObject({ ok: false, reason: 'order-canceled' });
  });

  it('raises PayApproved for the order', () => {
    expect(payApproved(payment('paid'))).toMatchObject({ type: 'PayApproved', subject: '9', data: { status: 'paid' } });
  });

  it('cancels once, raising PayCanceled', () => {
    const d = cancelPayment(payment('paid'));
    expect(d).toMatchObject({ ok: true, state: { status: 'canceled' }, events: [{ type: 'PayCanceled' }] });
    expect(cancelPayment(payment('canceled')).ok).toBe(false);
  });
});
