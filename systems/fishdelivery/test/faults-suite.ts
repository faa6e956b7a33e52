import { type DeadLetter, wrap } from '@mosaic/kit/messaging';
import type { Problem } from '@mosaic/kit/service';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListPage } from '../contracts/paging.ts';
import { PAYMENT_BREAKER } from '../order/clients.ts';
import type { Order } from '../order/domain.ts';
import { myPageStatus, newOrder, placePaidOrder, rowFor, rowsOf } from './fixtures.ts';

/**
 * fishdelivery under faults (slow payment, store down, poison event, view rebuild), run on each runtime
 * (faults.test.ts: embedded; faults.distributed.test.ts: the real engines).
 */
export function faultsSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;
  beforeAll(async () => {
    system = await start();
  });
  afterAll(() => system?.close());

  describe('fishdelivery under faults', () => {
    it('turns customers away while payment is overloaded, and takes orders again once it heals', async () => {
      const { http } = system;
      // The seed's payment slept 700–920 ms; the order's budget is 600 ms.
      system.slow('payment', [700, 920]);
      const timedOut: number[] = [];
      for (let i = 0; i < PAYMENT_BREAKER.failures; i++) {
        const response = await http.post<TurnedAway>('/orders', newOrder());
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(response.body.detail).toMatch(
          /could not be paid because payment did not answer within 600 ms.*place it again/,
        );
        timedOut.push(response.body.orderId ?? Number(/order (\d+)/.exec(response.body.detail)?.[1]));
      }
      // The breaker is open now: the next customer is turned away without waiting for payment at all.
      const paymentCallsBefore = (await system.direct('payment').get<ListPage<unknown>>('/payments')).body.page
        .totalElements;
      const fast = await http.post<TurnedAway>('/orders', newOrder());
      expect(fast.status).toBe(503);
      expect(fast.body.detail).toMatch(/could not be paid because payment is overloaded/);
      expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // Orders turned away are never left standing, and a payment that committed late is canceled.
      for (const orderId of timedOut) {
        expect((await http.get<Order>(`/orders/${orderId}`)).body.status).toBe('PAYMENT_FAILED');
        await rowFor(http, 'payments', orderId, 'canceled');
        await myPageStatus(http, orderId, 'canceled');
      }
      const paymentCallsAfter = (await system.direct('payment').get<ListPage<unknown>>('/payments')).body.page
        .totalElements;
      expect(paymentCallsAfter - paymentCallsBefore).toBeLessThanOrEqual(timedOut.length);

      system.heal('payment');
      const orderId = await waitFor(
        async () => {
          const response = await http.post<Order>('/orders', newOrder());
          return response.status === 201 ? response.body.orderId : undefined;
        },
        {
          what: 'orders to succeed after payment healed',
          timeoutMs: PAYMENT_BREAKER.halfOpenAfterMs + 5_000,
          intervalMs: 500,
        },
      );
      await myPageStatus(http, orderId, 'paid');
    });

    it('keeps taking and paying orders while the store is down, and the store catches up on every PayApproved', async () => {
      const { http } = system;
      await system.stopService('store');
      const orders: number[] = [];
      for (let i = 0; i < 5; i++) orders.push(await placePaidOrder(http));
      for (const orderId of orders) await myPageStatus(http, orderId, 'paid');
      expect((await http.get('/fishstores')).status).toBe(503);
      await system.startService('store');
      for (const orderId of orders) await rowFor(http, 'fishstores', orderId, 'paid');
    });

    it('dead-letters a poison event after 5 attempts, and processes it once when replayed after the fix', async () => {
      const { http } = system;
      const orderId = await placePaidOrder(http);
      const attempts: number[] = [];
      system.faults('delivery').beforeEvent = (event) => {
        if (event.type === 'OrderTaken' && event.subject === String(orderId)) {
          attempts.push(Date.now());
          throw new Error('poison: cannot read this OrderTaken');
        }
      };
      const storeOrder = await rowFor(http, 'fishstores', orderId, 'paid');
      await http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'prepared' });
      const admin = system.operator('delivery');
      const letter = await waitFor(
        async () => (await admin.get<DeadLetter[]>('/admin/dlq')).body.find((e) => e.event.subject === String(orderId)),
        { what: 'the poison OrderTaken in the delivery DLQ' },
      );
      expect(letter).toMatchObject({ group: 'delivery.deliveries', attempts: 5, event: { type: 'OrderTaken' } });
      expect(letter.error).toContain('poison');
      expect(attempts).toHaveLength(5);
      expect(await rowsOf(http, `/deliveries?orderId=${orderId}`)).toEqual([]);

      delete system.faults('delivery').beforeEvent; // the fix
      expect((await admin.post(`/admin/dlq/${letter.id}/replay`)).status).toBe(202);
      await rowFor(http, 'deliveries', orderId, 'delivering');
      await myPageStatus(http, orderId, 'delivering');
      await waitFor(async () => (await admin.get<DeadLetter[]>('/admin/dlq')).body.length === 0, {
        what: 'the DLQ to be empty',
      });
      const history = (await admin.get<DeadLetter[]>('/admin/dlq?all=true')).body;
      expect(history.find((e) => e.id === letter.id)?.replayedAt).toBeTruthy();
      expect(await rowsOf(http, `/deliveries?orderId=${orderId}`)).toHaveLength(1);
    });

    it('dead-letters at once, with the reason, an event whose data breaks its schema, and never hands it to a handler', async () => {
      const orderId = 900_000 + Math.floor(Math.random() * 99_999);
      const bus = await system.runtime.bus('fishdelivery');
      // A PayApproved from a publisher that got the contract wrong: qty as text, no paymentId.
      const broken = { orderId, customerName: 'kim', fishName: 'tuna', qty: '2', telephone: '010', address: 'x' };
      await bus.publish([
        wrap('fishdelivery/rogue', {
          type: 'PayApproved',
          subject: String(orderId),
          data: { ...broken, status: 'paid' },
        }),
      ]);
      const letter = await waitFor(
        async () =>
          (await system.operator('store').get<DeadLetter[]>('/admin/dlq')).body.find(
            (e) => e.event.subject === String(orderId),
          ),
        { what: 'the broken PayApproved in the store DLQ' },
      );
      expect(letter).toMatchObject({ group: 'store.orders', attempts: 1, event: { type: 'PayApproved' } });
      expect(letter.error).toMatch(/PayApproved does not match its schema: .*(paymentId|qty)/);
      expect(await rowsOf(system.http, `/fishstores?orderId=${orderId}`)).toEqual([]);
    });

    it('rebuilds MyPage from the log alone', async () => {
      const { http } = system;
      const orderId = await placePaidOrder(http);
      await myPageStatus(http, orderId, 'paid');
      const before = await rowsOf(http, '/myPages?size=1000');
      const rebuild = await system.operator('order').post('/admin/views/myPages/rebuild');
      expect(rebuild.status).toBe(202);
      await waitFor(
        async () => {
          const after = await rowsOf(http, '/myPages?size=1000');
          return (
            after.length === before.length && JSON.stringify(after.map(strip)) === JSON.stringify(before.map(strip))
          );
        },
        { what: 'MyPage to be rebuilt as it was' },
      );
    });
  });

  const strip = ({ updatedAt: _, ...rest }: Record<string, unknown>) => rest;
}

/** An order turned away: the problem, and the order it left canceled when payment took too long. */
type TurnedAway = Problem & { orderId?: number };
