import type { Envelope } from '@mosaic/kit/messaging';
import { describe, expect, it } from 'vitest';
import { advance, type MyPage } from './views.ts';

const details = { orderId: 3, customerName: 'Kim', fishName: 'tuna', qty: 2, telephone: '0101', address: 'Seoul' };
const event = (type: string, data: object = { orderId: 3 }): Envelope => ({
  id: `${type}-id`,
  type,
  source: 'test',
  subject: '3',
  time: '2026-01-01T00:00:00Z',
  dataVersion: 1,
  data,
});
const NOW = '2026-01-01T00:00:01.000Z';

function replay(types: (string | Envelope)[]): MyPage | undefined {
  let view: MyPage | undefined;
  for (const t of types) view = advance(view, typeof t === 'string' ? event(t) : t, NOW) ?? view;
  return view;
}

describe('MyPage', () => {
  it('runs placed → paid → prepared → delivering → delivered', () => {
    const steps = ['OrderPlaced', 'PayApproved', 'OrderTaken', 'DeliveryStarted', 'DeliveryCompleted'];
    const seen = steps.map((_, i) => replay([event('OrderPlaced', details), ...steps.slice(1, i + 1)])?.status);
    expect(seen).toEqual(['placed', 'paid', 'prepared', 'delivering', 'delivered']);
  });

  it('never moves backwards on a late or duplicate event', () => {
    const view = replay([event('OrderPlaced', details), 'PayApproved', 'OrderTaken', 'PayApproved', 'OrderPlaced']);
    expect(view?.status).toBe('prepared');
  });

  it('keeps canceled and delivered final', () => {
    expect(replay(['OrderPlaced', event('OrderCanceled', { reason: 'customer' }), 'PayApproved'])).toMatchObject({
      status: 'canceled',
      cancelReason: 'customer',
    });
    expect(replay(['DeliveryCompleted', 'OrderCanceled'])?.status).toBe('delivered');
  });

  it('fills in details from whichever event brings them, even when OrderPlaced comes last', () => {
    const view = replay(['PayApproved', event('OrderPlaced', details)]);
    expect(view).toMatchObject({ status: 'paid', customerName: 'Kim', telephone: '0101' });
  });

  it('ignores events it does not track', () => {
    expect(advance(undefined, event('SomethingElse'), NOW)).toBeUndefined();
  });
});
