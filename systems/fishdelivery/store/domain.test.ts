import { describe, expect, it } from 'vitest';
import { cancelStoreOrder, prepare, type StoreOrder } from './domain.ts';

const storeOrder = (status: StoreOrder['status']): StoreOrder => ({
  fishOrderId: 4,
  orderId: 9,
  customerName: 'Lee',
  fishName: 'salmon',
  qty: 1,
  telephone: '010',
  address: 'Busan',
  status,
});

describe('StoreOrder', () => {
  it('prepares a paid order and raises OrderTaken with the details', () => {
    expect(prepare(storeOrder('paid'))).toMatchObject({
      ok: true,
      state: { status: 'prepared' },
      events: [{ type: 'OrderTaken', subject: '9', data: { fishOrderId: 4, address: 'Busan' } }],
    });
  });

  it('refuses to prepare a canceled or already prepared order', () => {
    expect(prepare(storeOrder('canceled'))).toMatchObject({ ok: false, reason: 'store-order-canceled' });
    expect(prepare(storeOrder('prepared'))).toMatchObject({ ok: false, reason: 'store-order-prepared' });
  });

  it('cancels once, raising ReceiveCanceled (spelled correctly)', () => {
    expect(cancelStoreOrder(storeOrder('prepared'))).toMatchObject({ ok: true, events: [{ type: 'ReceiveCanceled' }] });
    expect(cancelStoreOrder(storeOrder('canceled')).ok).toBe(false);
  });
});
