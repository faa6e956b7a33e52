import { type RunningService, startService } from '@mosaic/kit/service';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productService } from '../product/service.ts';
import {
  type OrderView,
  openShop,
  orderKnows,
  placeOrder,
  productOnSale,
  settled,
  shoppers,
  stockOf,
  user,
} from './fixtures.ts';

/** The seed's names for the two products of its test (spec §11, A-C1). */
const PRODUCT_4 = '길럭시북 그래파이트 15.6인치 코어 i5 - 512GB';
const PRODUCT_5 = '김럭시북9 그려파이트 14인치 코어 16GB - 2TB - 인도우11 PRO';
const ORDERS = 200;

/**
 * The seed's KafkaTestMulti200 (spec §11): product 4 stock 30, product 5 stock 20, 200 orders fired at once,
 * each of product 4 × 2 + product 5 × 1. Exactly 15 are reserved; product 4 ends 0 and SOLD_OUT, product 5
 * ends 5 (a rejected order took nothing of it); every order ends reserved, rejected or refused at once. How
 * many are refused at once (409, product 4 already known SOLD_OUT) and how many rejected later depends on
 * timing and is not asserted; their sum is.
 */
export function burstSuite(start: () => Promise<TestSystem>, options: { productReplicas?: number } = {}) {
  let system: TestSystem;
  const replicas: RunningService[] = [];
  let replicaEvents = 0;
  beforeAll(async () => {
    system = await start();
    // More product instances on the same engines: they share the stock group, so reservations run side by side.
    for (let i = 1; i < (options.productReplicas ?? 1); i++) {
      const interceptors = { beforeEvent: () => void replicaEvents++ };
      replicas.push(await startService(productService, system.runtime, { port: 0, interceptors }));
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await system?.close();
  });

  const replicated = options.productReplicas ? ` with ${options.productReplicas} product replicas` : '';
  describe(`the seed’s 200-order test (KafkaTestMulti200)${replicated}`, () => {
    it('reserves exactly 15 orders, never oversells, and takes nothing for a rejected order', async () => {
      const { itemId } = await openShop(system);
      const p4 = await productOnSale(system, itemId, 30, { name: PRODUCT_4 });
      const p5 = await productOnSale(system, itemId, 20, { name: PRODUCT_5 });
      // The seed's 200 tasks came from its test users; here 10 shoppers place 20 orders each, all at once.
      const buyers = await shoppers(system, 10);

      // Product 4's stock as anyone could read it while the burst runs: it must never be seen below 0.
      const seenStock: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          seenStock.push((await stockOf(system, p4)).stock);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      const answers = await Promise.all(
        Array.from({ length: ORDERS }, (_, i) =>
          placeOrder(system, buyers[i % buyers.length]!, [
            [p4, 2],
            [p5, 1],
          ]),
        ),
      );
      const taken = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 409);
      expect(taken.length + refused.length, JSON.stringify(answers.find((a) => a.status >= 500)?.body)).toBe(ORDERS);
      for (const answer of refused) {
        expect(answer.body.result.result_code).toBe(409);
        expect(answer.body.data).toMatchObject({ rule: 'product-sold-out', product_id: p4 });
        expect(answer.body.result.result_description).toContain(PRODUCT_4);
      }
      for (const answer of taken) {
        expect(answer.body.result.result_code).toBe(201);
        expect(answer.body.data?.status).toBe('ORDER');
      }

      const outcomes: OrderView[] = [];
      for (const answer of taken) {
        const order = answer.body.data;
        if (!order) throw new Error('a 201 without its order');
        outcomes.push(await settled(system, user(order.user_id), order.order_id, 60_000));
      }
      const reserved = outcomes.filter((o) => o.status === 'RESERVED');
      const rejected = outcomes.filter((o) => o.status === 'REJECT');
      expect(reserved).toHaveLength(15);
      expect(reserved.length + rejected.length + refused.length).toBe(ORDERS);
      for (const order of rejected) {
        expect(order).toMatchObject({ reject_reason: 'out-of-stock', rejected_product_id: p4 });
        expect(order.order_products.map((l) => [l.status, l.reject_reason])).toEqual([
          ['REJECT', 'out-of-stock'],
          ['REJECT', 'out-of-stock'],
        ]);
      }
      for (const order of reserved) expect(order.order_products.map((l) => l.status)).toEqual(['ORDER', 'ORDER']);

      expect(await stockOf(system, p4)).toMatchObject({ stock: 0, status: 'SOLD_OUT' });
      // 20 − 15: the rejected orders took none of product 5, though it had enough for them.
      expect(await stockOf(system, p5)).toMatchObject({ stock: 5, status: 'SELL' });
      await orderKnows(system, p4, 'SOLD_OUT');
      sampling = false;
      await sampler;
      expect(seenStock.length).toBeGreaterThan(1);
      expect(Math.min(...seenStock)).toBeGreaterThanOrEqual(0);

      // The saga's record agrees: 15 completed, every rejection compensated (nothing to undo).
      const owner = system.operator('order');
      const count = async (status: string) =>
        (await owner.get<{ instances: unknown[] }>(`/admin/sagas/stock?status=${status}&size=200`)).body.instances
          .length;
      await waitFor(async () => (await count('completed')) === 15 && (await count('compensated')) === rejected.length, {
        what: `the saga's record: 15 completed, ${rejected.length} compensated`,
      });

      // A later order is refused at once, naming the product, as the seed's 98 were.
      const late = await placeOrder(system, buyers[0]!, [[p4, 1]]);
      expect(late.status).toBe(409);
      // The extra replicas did take a share of the stock events (each partition is pulled by every replica).
      if (replicas.length > 0) expect(replicaEvents).toBeGreaterThan(0);
      expect(late.body.data).toMatchObject({ rule: 'product-sold-out', product_id: p4 });
    });
  });
}
