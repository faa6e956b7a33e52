import { randomUUID } from 'node:crypto';
import type { QueueDeadLetter } from '@mosaic/kit/queues';
import { setServiceSetting, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackRecorder, enter, type ProductView, restocksOf, stockOf } from './fixtures.ts';

interface Sold {
  message: string;
  orderNo: string;
  stock: number;
  replayed: boolean;
}
interface SoldOut {
  message: string;
  rule: string;
  stock: number;
  restock?: { restockId: string; status: string; requestedAt: string; expectedBy: string };
}
interface Notice {
  kind: string;
  to: string;
  subject: string;
  body: string;
  restockId: string;
}
interface FactoryPage {
  title: string;
  jobs: { id: string; code: number; msg: string; callback: string; productId: string; callbackUrl: string }[];
}

/** The restock path end to end, on each runtime (restock.test.ts: embedded; restock.distributed.test.ts: engines). */
export function restockSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;
  const buy = (sku: string, headers?: Record<string, string>) =>
    system.http.post<Sold & SoldOut>('/checkout', { sku }, headers);

  beforeAll(async () => {
    system = await start();
  });
  afterAll(() => system?.close());

  describe('the restock path', () => {
    it("meets the seed's checkpoints: 3 → 2, 1, 0; the 4th fails; one restock; the stock is 10 again", async () => {
      const sku = 'CP-502101';
      await enter(system, sku, { stock: 3, reorderPoint: 0 });
      const donut = await system.http.get<ProductView>('/product/donut');
      expect(donut.body).toMatchObject({ sku, name: '부산도너츠', stock: 3, restockPending: false });

      const answers = [await buy(sku), await buy(sku), await buy(sku)];
      expect(answers.map((a) => [a.status, a.body.message])).toEqual([
        [200, '구매 완료! 남은 재고: 2'],
        [200, '구매 완료! 남은 재고: 1'],
        [200, '구매 완료! 남은 재고: 0'],
      ]);
      expect(new Set(answers.map((a) => a.body.orderNo)).size).toBe(3);

      const fourth = await buy(sku);
      expect(fourth.status).toBe(409);
      expect(fourth.body).toMatchObject({ message: '구매 실패! 남은 재고: 0', rule: 'sold-out', stock: 0 });
      expect(Date.parse(fourth.body.restock?.expectedBy ?? '')).toBeGreaterThan(Date.now());
      const fifth = await buy(sku);
      expect(fifth.status).toBe(409);

      const asked = await restocksOf(system, sku);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ sku, quantity: 10 });
      const restockId = asked[0]!.restockId;
      expect(fourth.body.restock?.restockId).toBe(restockId);

      const mail = await waitFor(
        async () =>
          (await system.http.get<Notice[]>(`/notifications?kind=factory-email&restockId=${restockId}`)).body[0],
        { what: "the factory manager's e-mail" },
      );
      expect(mail).toMatchObject({ to: 'dob_factory@codeatates.com', subject: '부산도너츠 재고 부족' });
      expect(mail.body).toContain('부산도너츠 재고가 없습니다. 제품을 생산해주세요!');

      const arrived = await waitFor(
        async () => {
          const p = await stockOf(system, sku);
          return p.stock === 10 ? p : undefined;
        },
        { what: 'the restock of 10 on the shelf', timeoutMs: 15_000 },
      );
      expect(arrived.restockPending).toBe(false);
      // The message left the queue: acknowledged, nothing waiting, nothing dead.
      const queue = await system
        .operator('restock')
        .get<{ name: string; depth: number; inFlight: number; deadLetters: number }[]>('/admin/queues');
      expect(queue.body.find((q) => q.name === 'restock')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
      const page = await system.http.get<FactoryPage>('/factory');
      const job = page.body.jobs.find((j) => j.productId === sku);
      expect(job).toMatchObject({ code: 99, msg: '종료', callback: '200' });
      expect(job?.callbackUrl).not.toContain('token');
      expect((await restocksOf(system, sku))[0]).toMatchObject({ status: 'RECEIVED', factoryJobId: job?.id });

      const again = await buy(sku);
      expect([again.status, again.body.message]).toEqual([200, '구매 완료! 남은 재고: 9']);

      const saga = await waitFor(
        async () => {
          const answer = await system.operator('sales').get<{ status?: string }>(`/admin/sagas/restock/${restockId}`);
          return answer.status === 200 && JSON.stringify(answer.body).includes('RestockArrived')
            ? answer.body
            : undefined;
        },
        { what: "the restock saga's record" },
      );
      expect(JSON.stringify(saga)).toContain('FactoryOrdered');
    });

    it('KBDS threshold: 13 → 10 asks one restock, sells while it is pending, 19 after the callback', async () => {
      const sku = 'KBDS-502101';
      await enter(system, sku, { name: 'KBDS도넛', stock: 13, reorderPoint: 10 });
      for (const left of [12, 11]) {
        expect((await buy(sku)).body.message).toBe(`구매 완료! 남은 재고: ${left}`);
        expect(await restocksOf(system, sku)).toEqual([]);
      }
      expect((await buy(sku)).body.message).toBe('구매 완료! 남은 재고: 10');
      expect(await restocksOf(system, sku)).toHaveLength(1);
      expect((await stockOf(system, sku)).restockPending).toBe(true);
      const whilePending = await buy(sku);
      expect([whilePending.status, whilePending.body.message]).toEqual([200, '구매 완료! 남은 재고: 9']);
      expect(await restocksOf(system, sku)).toHaveLength(1);
      const after = await waitFor(
        async () => {
          const p = await stockOf(system, sku);
          return p.restockPending ? undefined : p;
        },
        { what: 'the KBDS restock arrived', timeoutMs: 15_000 },
      );
      expect(after.stock).toBe(19);
      expect(await restocksOf(system, sku)).toHaveLength(1);
    });

    it('buys once for a retried purchase with the same Idempotency-Key, even sent at once', async () => {
      const sku = 'IDEM-1';
      await enter(system, sku, { stock: 20, reorderPoint: 0 });
      const key = { 'idempotency-key': 'order-7f3a' };
      const answers = await Promise.all([buy(sku, key), buy(sku, key), buy(sku, key)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.orderNo)).size).toBe(1);
      expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
      const later = await buy(sku, key);
      expect(later.body).toMatchObject({ orderNo: answers[0]!.body.orderNo, stock: 19, replayed: true });
      expect((await stockOf(system, sku)).stock).toBe(19);
      expect((await buy(sku, { 'idempotency-key': 'has space' })).status).toBe(400);
      const reused = await system.http.post<{ rule: string }>('/checkout', { sku, quantity: 2 }, key);
      expect([reused.status, reused.body.rule]).toEqual([409, 'idempotency-key-reused']);
      const template = await system.http.post<Sold>('/checkout', { productSku: sku });
      expect(template.body.message).toBe('구매 완료! 남은 재고: 18');
    });

    it('adds a restock once however often the factory calls back, and only with its token', async () => {
      const recorder = await callbackRecorder(system.gatewayUrl);
      try {
        await setServiceSetting(system, 'restock', 'callback.baseUrl', recorder.url);
        const sku = 'DUP-1';
        await enter(system, sku, { stock: 1, reorderPoint: 0, restockQuantity: 5 });
        expect((await buy(sku)).status).toBe(200);
        const callback = await waitFor(() => recorder.seen.find((c) => c.path.startsWith('/restocks/')), {
          what: "the factory's callback",
          timeoutMs: 15_000,
        });
        await waitFor(async () => ((await stockOf(system, sku)).stock === 5 ? true : undefined), {
          what: 'the first callback applied',
        });
        const echo = JSON.parse(callback.body) as Record<string, unknown>;
        expect(echo).toMatchObject({
          MessageAttributeProductId: sku,
          MessageAttributeProductCnt: '5',
          OrderStockCnt: 5,
        });
        const repeats = await Promise.all(
          [1, 2, 3].map(() => system.http.post<{ duplicate: boolean }>(callback.path, echo)),
        );
        expect(repeats.map((r) => [r.status, r.body.duplicate])).toEqual([
          [200, true],
          [200, true],
          [200, true],
        ]);
        expect((await stockOf(system, sku)).stock).toBe(5);

        // The queue delivering the restock's message again (a lost ack, a redrive of a processed message): the
        // worker finds the job already recorded and does not order a second one from the idempotency-less factory.
        const [restock] = await restocksOf(system, sku);
        const queues = await system.runtime.queues(system.definition.name);
        const copy = { restockId: restock!.restockId, sku, quantity: 5, stock: 0, callbackPath: callback.path };
        await queues.send('restock', [{ id: randomUUID(), body: copy, sentAt: new Date().toISOString() }]);
        await waitFor(
          async () => {
            const listed = await system
              .operator('restock')
              .get<{ name: string; depth: number; inFlight: number }[]>('/admin/queues');
            const queue = listed.body.find((q) => q.name === 'restock');
            return queue?.depth === 0 && queue.inFlight === 0 ? true : undefined;
          },
          { what: 'the redelivered copy handled' },
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const page = await system.http.get<FactoryPage>('/factory');
        expect(page.body.jobs.filter((j) => j.productId === sku)).toHaveLength(1);
        expect(recorder.seen.filter((c) => c.path === callback.path)).toHaveLength(1);
        expect((await stockOf(system, sku)).stock).toBe(5);

        const forged = await system.http.post(`/restocks/${restock!.restockId}/arrival?token=${'x'.repeat(32)}`, echo);
        expect(forged.status).toBe(403);
        const elsewhere = callback.path.replace(restock!.restockId, '00000000-0000-4000-8000-000000000000');
        expect((await system.http.post(elsewhere, echo)).status).toBe(403);
        expect((await system.http.post(`/restocks/${restock!.restockId}/arrival`, echo)).status).toBe(400);
        expect((await stockOf(system, sku)).stock).toBe(5);
      } finally {
        await setServiceSetting(system, 'restock', 'callback.baseUrl', system.gatewayUrl);
        await recorder.close();
      }
    });

    it('retries while the factory is down, dead-letters and alerts, and a redrive after the fix restores the stock', async () => {
      const sku = 'DOWN-1';
      await enter(system, sku, { stock: 1, reorderPoint: 0 });
      system.fail('factory', 503);
      try {
        expect((await buy(sku)).status).toBe(200);
        const ops = system.operator('restock');
        const dead = await waitFor(
          async () =>
            (await ops.get<QueueDeadLetter[]>('/admin/queues/restock/dlq')).body.find(
              (d) => (d.body as { sku?: string }).sku === sku,
            ),
          { what: 'the restock in the dead letters', timeoutMs: 20_000 },
        );
        expect(dead.receives).toBe(5);
        expect(dead.error).toMatch(/factory answered 503|breaker/i);
        const [restock] = await restocksOf(system, sku);
        const alert = await waitFor(
          async () =>
            (await system.http.get<Notice[]>(`/notifications?kind=operator-alert&restockId=${restock!.restockId}`))
              .body[0],
          { what: "the operator's DLQ alert" },
        );
        expect(alert.subject).toBe(`[DLQ] ${sku} 재고 요청 실패`);
        expect((await stockOf(system, sku)).restockPending).toBe(true);

        system.heal('factory');
        // Past the factory client's breaker rest, so the redriven message finds the factory again.
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        const redrive = await ops.post('/admin/queues/restock/redrive', { ids: [dead.id] });
        expect(redrive).toMatchObject({ status: 202, body: { redriven: 1 } });
        const back = await waitFor(
          async () => {
            const p = await stockOf(system, sku);
            return p.stock === 10 ? p : undefined;
          },
          { what: 'the redriven restock on the shelf', timeoutMs: 15_000 },
        );
        expect(back.restockPending).toBe(false);
        expect(await restocksOf(system, sku)).toHaveLength(1);
        const page = await system.http.get<FactoryPage>('/factory');
        expect(page.body.jobs.filter((j) => j.productId === sku)).toHaveLength(1);
      } finally {
        system.heal('factory');
      }
    });

    it('dead-letters a message that is not a restock order, with the reason, without calling the factory', async () => {
      const before = (await system.http.get<FactoryPage>('/factory')).body.jobs.length;
      const queues = await system.runtime.queues(system.definition.name);
      const poison = { id: randomUUID(), body: { sku: 'POISON', quantity: -1 }, sentAt: new Date().toISOString() };
      await queues.send('restock', [poison]);
      const dead = await waitFor(
        async () =>
          (await system.operator('restock').get<QueueDeadLetter[]>('/admin/queues/restock/dlq')).body.find(
            (d) => d.id === poison.id,
          ),
        { what: 'the poison message dead-lettered' },
      );
      expect(dead.error).toMatch(/^the restock message /);
      expect((await system.http.get<FactoryPage>('/factory')).body.jobs).toHaveLength(before);
    });

    it('answers the seed’s 상품 없음 for an unknown product, as 404', async () => {
      const missing = await system.http.post<{ message: string }>('/checkout', { sku: 'NO-SUCH' });
      expect([missing.status, missing.body.message]).toEqual([404, '상품 없음']);
      expect((await system.http.get('/products/NO-SUCH')).status).toBe(404);
      expect((await system.http.post('/checkout', { sku: 'CP-502101', quantity: 0 })).status).toBe(400);
    });
  });
}
