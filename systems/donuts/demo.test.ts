import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, donutsDemo, donutsDemoCallers } from './demo.ts';
import { donuts } from './system.ts';

describe('the donuts demo', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(donuts);
  });
  afterAll(() => system?.close());

  it("enters the seed's two donuts once and says how to buy one", async () => {
    const first = await donutsDemo(system);
    expect(first).toContain('CP-502101 부산도너츠 (stock 3)');
    expect(first).toContain(`${system.gatewayUrl}/checkout`);
    expect(await donutsDemo(system)).toBeUndefined();
    expect(await donutsDemoCallers()).toEqual({});
    const donut = await system.http.get<{ sku: string; stock: number }>('/product/donut');
    expect(donut.body).toMatchObject({ sku: DEMO_PRODUCTS[0].sku, stock: 3 });
    const kbds = await system.http.get<{ stock: number; reorderPoint: number }>(`/products/${DEMO_PRODUCTS[1].sku}`);
    expect(kbds.body).toMatchObject({ stock: 13, reorderPoint: 10 });
  });
});
