import type { FieldError } from '@mosaic/kit/http';
import type { SagaInstance } from '@mosaic/kit/sagas';
import type { Problem } from '@mosaic/kit/service';
import { type JsonResponse, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { sagaCompensationTests } from '@mosaic/kit/testing/sagas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListPage } from '../contracts/paging.ts';
import type { Order } from '../order/domain.ts';
import { orderSaga } from '../sagas.ts';
import { myPageStatus, newOrder, placePaidOrder, type Row, rowFor, rowsOf } from './fixtures.ts';

/** A request the schema refused: the problem, and each field that was wrong. */
type Refusal = Problem & { errors: FieldError[] };

/**
 * The fishdelivery saga through its gateway, run on each runtime (saga.test.ts: embedded;
 * saga.distributed.test.ts: PostgreSQL, MariaDB, NATS and Redis). `start` launches the whole system.
 */
export function sagaSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;
  beforeAll(async () => {
    system = await start();
  });
  afterAll(() => system?.close());

  async function deliverTo(stage: 'paid' | 'prepared' | 'delivering' | 'delivered') {
    const { http } = system;
    const orderId = await placePaidOrder(http);
    await myPageStatus(http, orderId, 'paid');
    if (stage === 'paid') return orderId;
    const storeOrder = await rowFor(http, 'fishstores', orderId, 'paid');
    // Delivery starts as soon as the fish is prepared: hold it off to see the order at exactly 'prepared'.
    if (stage === 'prepared') await system.stopService('delivery');
    expect((await http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'prepared' })).status).toBe(200);
    if (stage === 'prepared') {
      await myPageStatus(http, orderId, 'prepared');
      return orderId;
    }
    const delivery = await rowFor(http, 'deliveries', orderId, 'delivering');
    await myPageStatus(http, orderId, 'delivering');
    if (stage === 'delivering') return orderId;
    expect((await http.patch(`/deliveries/${delivery.deliveryId}`, { status: 'delivered' })).status).toBe(200);
    await myPageStatus(http, orderId, 'delivered');
    return orderId;
  }

  describe("the order saga's compensations (generated from sagas.ts)", () => {
    sagaCompensationTests(orderSaga, {
      system: () => system,
      start: async () => String(await placePaidOrder(system.http)),
      finish: {
        prepare: async (orderId) => {
          const storeOrder = await rowFor(system.http, 'fishstores', Number(orderId), 'paid');
          expect(
            (await system.http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'prepared' })).status,
          ).toBe(200);
        },
      },
      cancel: async (orderId) => {
        const canceled = await system.http.post(`/orders/${orderId}/cancel`);
        expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
      },
    });
  });

  describe('fishdelivery through its gateway', () => {
    it('takes an order all the way to delivered, each step visible in MyPage', async () => {
      const { http } = system;
      const orderId = await deliverTo('delivered');
      await waitFor(async () => (await http.get<Order>(`/orders/${orderId}`)).body.status === 'DELIVERED', {
        what: 'the order to learn it was delivered',
      });
      const page = (await http.get(`/myPages/${orderId}`)).body;
      expect(page).toMatchObject({ orderId, status: 'delivered', telephone: '01012341234', fishName: 'flatfish' });
      expect(await rowsOf(http, `/payments?orderId=${orderId}`)).toEqual([
        expect.objectContaining({ orderId, status: 'paid' }),
      ]);
      const byStatus = await rowsOf(http, '/myPages?status=delivered&size=1000');
      expect(byStatus.map((p) => p.orderId)).toContain(orderId);
      // The order service keeps the saga's record: every step done, every event with its time.
      const saga = await waitFor(
        async () => {
          const record = (await system.operator('order').get<SagaInstance | undefined>(`/admin/sagas/order/${orderId}`))
            .body;
          return record?.status === 'completed' ? record : undefined;
        },
        { what: `the order saga of ${orderId} to be completed` },
      );
      expect(saga).toMatchObject({ saga: 'order', subject: String(orderId), done: ['pay', 'prepare', 'deliver'] });
      expect(saga.events.map((e) => e.type).sort()).toEqual(
        ['DeliveryCompleted', 'DeliveryStarted', 'OrderPlaced', 'OrderTaken', 'PayApproved'].sort(),
      );
    });

    it('cancels by POST /orders/{id}/cancel too, and refuses a second cancel with 409', async () => {
      const { http } = system;
      const orderId = await deliverTo('paid');
      expect((await http.post(`/orders/${orderId}/cancel`)).status).toBe(200);
      const again = await http.post(`/orders/${orderId}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: 'urn:mosaic:problem:conflict', rule: 'order-already-canceled' });
    });

    it('refuses to cancel a delivered order with 409 and the reason', async () => {
      const { http } = system;
      const orderId = await deliverTo('delivered');
      await waitFor(async () => (await http.get<Order>(`/orders/${orderId}`)).body.status === 'DELIVERED', {
        what: 'DELIVERED',
      });
      const response = await http.patch<Problem>(`/orders/${orderId}`, { status: 'canceled' });
      expect(response.status).toBe(409);
      expect(response.body.detail).toMatch(/already delivered/);
      expect((await rowsOf(http, `/deliveries?orderId=${orderId}`))[0]?.status).toBe('delivered');
    });

    it('answers bad input with 400 naming the field, and unknown ids with 404', async () => {
      const { http } = system;
      const missing = await http.post('/orders', { ...newOrder(), qty: undefined });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body)).toContain('qty');
      const zero = await http.post('/orders', newOrder({ qty: 0 }));
      expect(zero.status).toBe(400);
      const phone = await http.post<Refusal>('/orders', newOrder({ telephone: '010-1234' }));
      expect(phone.status).toBe(400);
      expect(phone.body.errors[0]?.field).toBe('body.telephone');
      const malformed = await http.post('/orders', '{"customerName":');
      expect(malformed.status).toBe(400);
      expect((await http.get('/orders/abc')).status).toBe(400);
      expect((await http.get('/orders/999999')).status).toBe(404);
      expect((await http.get('/myPages/999999')).status).toBe(404);
      expect((await http.patch('/fishstores/999999', { status: 'prepared' })).status).toBe(404);
      expect((await http.patch('/fishstores/1', { status: 'eaten' })).status).toBe(400);
      expect((await http.patch('/orders/1', { status: 'paid' })).status).toBe(400);
      expect((await http.get('/nowhere')).status).toBe(404);
    });

    it('takes status values exactly as each resource writes them, and every refusal lists the allowed ones', async () => {
      const { http } = system;
      const orderId = await deliverTo('delivering');
      const storeOrder = await rowFor(http, 'fishstores', orderId);
      const delivery = await rowFor(http, 'deliveries', orderId);
      const refusals: [() => Promise<JsonResponse<Refusal>>, string, string][] = [
        [() => http.patch(`/orders/${orderId}`, { status: 'CANCELED' }), 'body.status', 'canceled'],
        [() => http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'PREPARED' }), 'body.status', 'prepared'],
        [() => http.patch(`/deliveries/${delivery.deliveryId}`, { status: 'Delivered' }), 'body.status', 'delivered'],
        [() => http.get('/orders?status=paid'), 'query.status', 'PENDING, PAID, PAYMENT_FAILED, CANCELED, DELIVERED'],
        [
          () => http.get('/myPages?status=PAID'),
          'query.status',
          'placed, paid, prepared, delivering, delivered, canceled',
        ],
        [() => http.get('/payments?status=PAID'), 'query.status', 'paid, canceled'],
        [() => http.get('/fishstores?status=Prepared'), 'query.status', 'paid, prepared, canceled'],
        [() => http.get('/deliveries?status=DELIVERING'), 'query.status', 'delivering, delivered, canceled'],
      ];
      for (const [send, field, allowed] of refusals) {
        const response = await send();
        expect(response.status, JSON.stringify(response.body)).toBe(400);
        expect(response.body.detail).toBe(`${field} must be one of: ${allowed}`);
        expect(response.body.errors).toEqual([{ field, message: `must be one of: ${allowed}` }]);
      }

      // Nothing changed, and the exact values work.
      expect((await http.get<Order>(`/orders/${orderId}`)).body.status).toBe('PAID');
      expect((await rowsOf(http, '/orders?status=PAID&size=1000')).map((o) => o.orderId)).toContain(orderId);
      expect((await rowsOf(http, '/myPages?status=delivering&size=1000')).map((p) => p.orderId)).toContain(orderId);
      expect(await rowsOf(http, `/payments?status=paid&orderId=${orderId}`)).toHaveLength(1);
      expect(await rowsOf(http, `/fishstores?status=prepared&orderId=${orderId}`)).toHaveLength(1);
      expect(await rowsOf(http, `/deliveries?status=delivering&orderId=${orderId}`)).toHaveLength(1);
    });

    it('pages every list with page and size, says the total, and refuses a size above the maximum naming it', async () => {
      const { http } = system;
      const placed: number[] = [];
      for (let i = 0; i < 3; i++) placed.push(await deliverTo('delivering'));
      const lists = ['orders', 'myPages', 'payments', 'fishstores', 'deliveries'];
      for (const resource of lists) {
        const first = (await http.get<ListPage<Row>>(`/${resource}?size=2`)).body;
        const total = first.page.totalElements;
        expect(total, resource).toBeGreaterThanOrEqual(3);
        expect(first.page).toEqual({ size: 2, number: 0, totalElements: total, totalPages: Math.ceil(total / 2) });
        expect(first._embedded[resource]).toHaveLength(2);
        const walked: unknown[] = [];
        for (let page = 0; page < first.page.totalPages; page++) {
          walked.push(...(await rowsOf(http, `/${resource}?size=2&page=${page}`)));
        }
        expect(new Set(walked.map((row) => JSON.stringify(row))).size, resource).toBe(total);

        const past = (await http.get(`/${resource}?size=1000&page=2147483647`)).body;
        expect(past).toEqual({
          _embedded: { [resource]: [] },
          page: { size: 1000, number: 2147483647, totalElements: total, totalPages: Math.ceil(total / 1000) },
        });
        const tooBig = await http.get<Refusal>(`/${resource}?size=1001`);
        expect(tooBig.status, resource).toBe(400);
        expect(tooBig.body.errors).toEqual([{ field: 'query.size', message: expect.stringContaining('1000') }]);
      }
      for (const resource of lists.filter((r) => r !== 'orders' && r !== 'myPages')) {
        const filtered = (await http.get<ListPage<Row>>(`/${resource}?orderId=${placed[1]}`)).body;
        expect(filtered.page, resource).toEqual({ size: 20, number: 0, totalElements: 1, totalPages: 1 });
        expect(filtered._embedded[resource]).toEqual([expect.objectContaining({ orderId: placed[1] })]);
      }
      const delivering = (await http.get<ListPage<Row>>('/myPages?status=delivering&size=1')).body;
      expect(delivering.page.totalElements).toBeGreaterThanOrEqual(3);
      expect(delivering._embedded.myPages).toEqual([expect.objectContaining({ status: 'delivering' })]);
    });

    it('refuses to prepare a store order twice (409), so OrderTaken is raised once', async () => {
      const { http } = system;
      const orderId = await deliverTo('delivering');
      const storeOrder = await rowFor(http, 'fishstores', orderId);
      expect((await http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'prepared' })).status).toBe(409);
    });

    it('applies an event delivered twice once: a rewound group re-reads the log without a second effect', async () => {
      const { http } = system;
      const orderId = await deliverTo('delivering');
      const deliveriesSeen: string[] = [];
      system.faults('store').beforeEvent = (event) => {
        if (event.subject === String(orderId)) deliveriesSeen.push(event.type);
      };
      const bus = await system.runtime.bus('fishdelivery');
      await bus.rewind('store.orders');
      await waitFor(() => deliveriesSeen.includes('PayApproved'), { what: 'PayApproved to be delivered again' });
      delete system.faults('store').beforeEvent;
      expect(await rowsOf(http, `/fishstores?orderId=${orderId}`)).toEqual([
        expect.objectContaining({ orderId, status: 'prepared' }),
      ]);
    });
  });
}
