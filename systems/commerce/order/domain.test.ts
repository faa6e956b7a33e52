import { describe, expect, it } from 'vitest';
import {
  type LineMove,
  type LineStatus,
  moveLine,
  type Order,
  type OrderLine,
  type OrderStatus,
  orderPlaced,
  stockReserved,
  stockShort,
} from './domain.ts';

const line = (status: LineStatus, orderProductId = 11): OrderLine => ({
  orderProductId,
  orderId: 3,
  productId: 4,
  sellerId: 1,
  productName: '길럭시북',
  price: 100,
  quantity: 2,
  status,
  rejectReason: undefined,
  stockReturned: false,
  reviewId: undefined,
});

const order = (status: OrderStatus, lines = [line('ORDER'), line('ORDER', 12)]): Order => ({
  orderId: 3,
  userId: 7,
  status,
  address: undefined,
  rejectReason: undefined,
  rejectedProductId: undefined,
  lines,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const shortage = { orderId: 3, productId: 4, reason: 'out-of-stock', requested: 2, available: 1 } as const;

describe('Order and its stock', () => {
  it('asks product for every line at once, keyed by the order', () => {
    expect(orderPlaced(order('ORDER'))).toMatchObject({
      type: 'OrderPlaced',
      subject: '3',
      data: {
        orderId: 3,
        userId: 7,
        lines: [{ orderProductId: 11, productId: 4, quantity: 2 }, { orderProductId: 12 }],
      },
    });
  });

  it('is RESERVED once, its lines staying ORDER', () => {
    const d = stockReserved(order('ORDER'));
    expect(d).toMatchObject({
      ok: true,
      state: { status: 'RESERVED', lines: [{ status: 'ORDER' }, { status: 'ORDER' }] },
    });
    expect(stockReserved(order('RESERVED')).ok).toBe(false);
  });

  it('is REJECT as a whole on a shortage, naming the product, every line REJECT out-of-stock, no event', () => {
    const d = stockShort(order('ORDER'), shortage);
    if (!d.ok) throw new Error('refused');
    expect(d.state).toMatchObject({ status: 'REJECT', rejectReason: 'out-of-stock', rejectedProductId: 4 });
    expect(d.state.lines.map((l) => [l.status, l.rejectReason])).toEqual([
      ['REJECT', 'out-of-stock'],
      ['REJECT', 'out-of-stock'],
    ]);
    expect(d.events).toEqual([]);
    expect(stockShort(order('RESERVED'), shortage).ok).toBe(false);
  });
});

describe('an order line (spec §9)', () => {
  const allowed: [LineStatus, LineMove, boolean][] = [
    ['ORDER', 'ACCEPT', false],
    ['ORDER', 'REJECT', true],
    ['ACCEPT', 'DELIVERY', false],
    ['DELIVERY', 'DELIVERED', false],
    ['ORDER', 'CANCELING', false],
    ['ACCEPT', 'CANCELING', false],
    ['CANCELING', 'CANCEL', true],
  ];
  it.each(allowed)('moves %s → %s (stock given back: %s)', (from, move, releases) => {
    const d = moveLine(order('RESERVED'), line(from), move);
    if (!d.ok) throw new Error(d.message);
    expect(d.state.status).toBe(move);
    expect(d.events.map((e) => e.type)).toEqual(releases ? ['OrderLineReleased'] : []);
  });

  it('names why the stock comes back: the seller refused, or the user canceled', () => {
    const rejected = moveLine(order('RESERVED'), line('ORDER'), 'REJECT');
    expect(rejected).toMatchObject({
      state: { rejectReason: 'seller' },
      events: [{ subject: '3', data: { orderProductId: 11, productId: 4, quantity: 2, cause: 'seller-reject' } }],
    });
    expect(moveLine(order('RESERVED'), line('CANCELING'), 'CANCEL')).toMatchObject({
      events: [{ data: { cause: 'user-cancel' } }],
    });
  });

  const refused: [LineStatus, LineMove, string][] = [
    ['DELIVERY', 'CANCELING', 'line-shipped'],
    ['DELIVERED', 'CANCELING', 'line-shipped'],
    ['CANCELING', 'CANCELING', 'line-transition-not-allowed'],
    ['ACCEPT', 'REJECT', 'line-transition-not-allowed'],
    ['ORDER', 'CANCEL', 'line-transition-not-allowed'],
    ['REJECT', 'ACCEPT', 'line-transition-not-allowed'],
    ['CANCEL', 'CANCEL', 'line-transition-not-allowed'],
    ['ORDER', 'DELIVERY', 'line-transition-not-allowed'],
  ];
  it.each(refused)('refuses %s → %s (%s)', (from, move, reason) => {
    expect(moveLine(order('RESERVED'), line(from), move)).toMatchObject({ ok: false, reason });
  });

  it('waits for the stock: nothing moves while the order is reserving, or after it was rejected', () => {
    expect(moveLine(order('ORDER'), line('ORDER'), 'ACCEPT')).toMatchObject({
      ok: false,
      reason: 'stock-being-reserved',
    });
    expect(moveLine(order('REJECT'), line('REJECT'), 'CANCELING')).toMatchObject({
      ok: false,
      reason: 'order-rejected',
    });
  });
});
