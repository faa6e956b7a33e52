import { startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from './contracts/envelope.ts';
import { commerceDemo, commerceDemoCallers, DEMO_PASSWORD } from './demo.ts';
import { commerce } from './system.ts';

process.env.MOSAIC_COMMERCE_SUPERVISOR_PASSWORD = 'Super1234!';

describe('the commerce demo', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(commerce);
  });
  afterAll(() => system?.close());

  it('seeds a shop once, prints its logins, and says so on the next start', async () => {
    const printed = await commerceDemo(system);
    expect(printed).toContain('commerce demo seeded');
    expect(printed).toContain('minsu.kim@benefits.com');
    expect(printed).toContain(DEMO_PASSWORD);
    expect(await commerceDemo(system)).toContain('seeded earlier');

    const onSale = await system.http.get<Envelope<{ name: string; status: string }[]>>(
      '/product-service/open-api/products?status=SELL',
    );
    expect(onSale.body.data?.map((p) => p.name)).toContain('길럭시북 그래파이트 15.6인치 코어 i5 - 512GB');
    expect(onSale.body.pagination?.total_elements).toBe(4);
  });

  it('signs in every role through the gateway, and the demo user can order with their address', async () => {
    const callers = await commerceDemoCallers(system);
    expect(Object.keys(callers).sort()).toEqual(['SELLER', 'SUPERVISOR', 'USER']);
    const headers = { authorization: callers.USER ?? '' };
    const me = await system.http.get<Envelope<{ id: number; address_list: { id: number }[] }>>(
      '/user-service/auth-user/users?email=minsu.kim@benefits.com',
      headers,
    );
    expect(me.status).toBe(200);
    const addressId = me.body.data?.address_list[0]?.id;
    const products = await system.http.get<Envelope<{ product_id: number }[]>>(
      '/product-service/open-api/products?status=SELL&size=1',
    );
    const productId = products.body.data?.[0]?.product_id;
    // Order learns of the demo's products by their events: until then a product is unknown to it (404).
    const placed = await waitFor(
      async () => {
        const answer = await system.http.post<Envelope<{ status: string; address: { address_id: number } }>>(
          '/order-service/auth-user/orders',
          { address_id: addressId, order_products: [{ product_id: productId, quantity: 1 }] },
          headers,
        );
        return answer.status === 404 ? undefined : answer;
      },
      { what: 'order to know the demo products' },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.data?.address.address_id).toBe(addressId);
  });
});
