import { createServer } from 'node:net';
import type { Problem } from '@mosaic/kit/service';
import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../order/domain.ts';
import { fishdelivery } from '../system.ts';
import { newOrder } from './fixtures.ts';

/** A local port nothing listens on: a payment instance registered there refuses every connection. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('an order placed while payment is down', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(fishdelivery);
    await system.stopService('payment');
  });
  afterAll(() => system?.close());

  const unreachable = {
    id: 'payment-unreachable',
    system: 'fishdelivery',
    service: 'payment',
    url: '',
    ready: true,
  };

  it.each([
    ['registered but refusing connections', true],
    ['not running at all', false],
  ])('is told in the customer’s words, as the order is recorded, when payment is %s', async (_, registered) => {
    const { registry } = system.runtime;
    if (registered) await registry.register({ ...unreachable, url: `http://127.0.0.1:${await closedPort()}` });
    else await registry.deregister(unreachable.id);

    const response = await system.http.post<Problem & { orderId: number; orderStatus: string }>('/orders', newOrder());
    expect(response.status).toBe(503);
    const { orderId } = response.body;
    expect(response.body.detail).toBe(
      `order ${orderId} could not be paid because payment is unavailable right now; it is recorded as ` +
        'PAYMENT_FAILED and nothing is charged for it; place it again in 5 seconds',
    );
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|instance|ECONNREFUSED|registered|fishdelivery/);
    expect(response.body.orderStatus).toBe('PAYMENT_FAILED');
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await system.http.get<Order>(`/orders/${orderId}`)).body.status).toBe('PAYMENT_FAILED');
  });
});
