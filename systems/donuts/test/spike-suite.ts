import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enter, restocksOf, stockOf } from './fixtures.ts';

interface Answer {
  message: string;
  orderNo?: string;
  stock: number;
}

/**
 * The YouTube rush of the seed (A-D8): 500 buyers at once for 100 donuts. The factory is slowed to a minute a
 * step so no restock lands during the rush and the count is exact (spike.test.ts: embedded, PGlite, one
 * transaction at a time; spike.distributed.test.ts: PostgreSQL and MariaDB, where the race is real).
 */
export function spikeSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;

  beforeAll(async () => {
    system = await start();
  });
  afterAll(() => system?.close());

  /**
   * One buyer: a gateway that gave up on a loaded machine (504) or a breaker resting sales (503) is asked again
   * with the same Idempotency-Key, as the 504 and Retry-After invite, so a sale made behind a 504 is answered
   * as that sale and never made twice. The count of sales stays exact however slow the machine is.
   */
  async function buyAsAClientWould(sku: string, key: string) {
    for (let attempt = 1; ; attempt++) {
      const answer = await system.http.post<Answer>('/checkout', { sku }, { 'idempotency-key': key });
      if ((answer.status !== 503 && answer.status !== 504) || attempt === 20) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }

  describe('a purchase spike', () => {
    it('sells exactly 100 of 100 to 500 concurrent buyers, never below zero, with one restock for the shortage', async () => {
      const sku = 'SPIKE-1';
      await enter(system, sku, { stock: 100, reorderPoint: 0 });
      const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => buyAsAClientWould(sku, `spike-1-${i}`)));
      const sold = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 409);
      expect(sold).toHaveLength(100);
      expect(refused).toHaveLength(400);
      expect(new Set(sold.map((a) => a.body.orderNo)).size).toBe(100);
      // Every stock a buyer was told is a different one of 99..0: no two buyers got the same donut.
      expect(sold.map((a) => a.body.stock).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(refused.every((a) => a.body.message === '구매 실패! 남은 재고: 0')).toBe(true);
      const after = await stockOf(system, sku);
      expect(after).toMatchObject({ stock: 0, restockPending: true });
      const restocks = await restocksOf(system, sku);
      expect(restocks).toHaveLength(1);
      // Not lost: the worker took it to the factory (its ledger says ORDERED with the job).
      const ordered = await waitFor(
        async () => {
          const ledger =
            await system.http.get<{ restockId: string; status: string; jobId: string | null }[]>('/factory-orders');
          return ledger.body.find((o) => o.restockId === restocks[0]!.restockId && o.status === 'ORDERED');
        },
        { what: 'the one restock ordered from the factory' },
      );
      expect(ordered.jobId).toBeTruthy();
      const page = await system.http.get<{ jobs: { productId: string }[] }>('/factory');
      expect(page.body.jobs.filter((j) => j.productId === sku)).toHaveLength(1);
    });

    it('holds when 200 purchases reach sales at once, past the gateway: 50 sold, one restock at the reorder point', async () => {
      // Straight at the service: through the gateway the requests arrive spaced out, which can hide a race.
      const sku = 'SPIKE-2';
      await enter(system, sku, { stock: 50, reorderPoint: 10 });
      const sales = system.direct('sales');
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          sales.post<Answer>('/checkout', { sku }, { 'idempotency-key': `spike-2-${i}` }),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(50);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(150);
      expect(await stockOf(system, sku)).toMatchObject({ stock: 0, restockPending: true });
      expect(await restocksOf(system, sku)).toHaveLength(1);
    });
  });
}
