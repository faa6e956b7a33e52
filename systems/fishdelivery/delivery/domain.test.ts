import { describe, expect, it } from 'vitest';
import { cancelDelivery, complete, type Delivery, deliveryStarted } from './domain.ts';

const delivery = (status: Delivery['status']): Delivery => ({
  deliveryId: 2,
  orderId: 9,
  customerName: 'Lee',
  fishName: 'salmon',
  qty: 1,
  telephone: '010',
  address: 'Busan',
  status,
});

describe('Delivery', () => {
  it('starts as delivering (the seed wrongly said delivered)', () => {
    expect(deliveryStarted(delivery('delivering'))).toMatchObject({
      type: 'DeliveryStarted',
      data: { status: 'delivering' },
    });
  });

  it('completes only while delivering, raising DeliveryCompleted', () => {
    expect(complete(delivery('delivering'))).toMatchObject({ ok: true, events: [{ type: 'DeliveryCompleted' }] });
    expect(complete(delivery('delivered')).ok).toBe(false);
    expect(complete(delivery('canceled')).ok).toBe(false);
  });

  it('cancels only while delivering: a delivered order stays delivered', () => {
    expect(cancelDelivery(delivery('delivering'))).toMatchObject({ ok: true, events: [{ type: 'DeliveryCanceled' }] });
    expect(cancelDelivery(delivery('delivered'))).toMatchObject({ ok: false, reason: 'delivery-delivered' });
  });
});
