import { defineSystem } from '@mosaic/kit/runtime';
import { keeps } from '@mosaic/kit/sagas';
import { setServiceSetting, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restockSaga } from '../sagas.ts';
import type { SalesContext } from '../sales/commands.ts';
import { restockOverdue } from '../sales/overdue.ts';
import { salesService } from '../sales/service.ts';
import { donuts } from '../system.ts';
import { enter, type ProductView, restocksOf, startDonuts, stockOf } from './fixtures.ts';

/** The system with the `produce` deadline at 1.5 s instead of 10 min, so a lost factory job shows at once. */
const shortDeadline = defineSystem({
  ...donuts,
  services: donuts.services.map((s) => {
    if (s.definition.name !== 'sales') return s;
    const saga = {
      ...restockSaga,
      steps: restockSaga.steps.map((step) => (step.name === 'produce' ? { ...step, timeoutMs: 1_500 } : step)),
    };
    return { ...s, definition: { ...salesService, sagas: [keeps<SalesContext>(saga, { timedOut: restockOverdue })] } };
  }),
});

interface Notice {
  kind: string;
  subject: string;
  body: string;
  restockId: string;
}

describe('a factory job that never calls back', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startDonuts({ definition: shortDeadline, stepMs: 50 });
  });
  afterAll(() => system?.close());

  it('is called overdue, the operator is told, and the next shortage asks the factory anew', async () => {
    const sku = 'LOST-1';
    // The factory's callback goes nowhere: the job finishes, and sales never hears of it.
    await setServiceSetting(system, 'restock', 'callback.baseUrl', 'http://127.0.0.1:9');
    await enter(system, sku, { stock: 1, reorderPoint: 0 });
    expect((await system.http.post('/checkout', { sku })).status).toBe(200);
    const [first] = await waitFor(
      async () => {
        const found = await restocksOf(system, sku);
        return found[0]?.status === 'OVERDUE' ? found : undefined;
      },
      { what: 'the restock to be overdue', timeoutMs: 15_000 },
    );
    expect(first?.factoryJobId).toBeTruthy();
    expect((await stockOf(system, sku)).restockPending).toBe(false);
    const alert = await waitFor(
      async () =>
        (await system.http.get<Notice[]>(`/notifications?kind=operator-alert&restockId=${first?.restockId}`)).body.find(
          (n) => n.subject.includes('응답 없음'),
        ),
      { what: "the operator's alert" },
    );
    expect(alert.body).toContain(first?.factoryJobId);

    // The factory is reachable again: the next buyer who finds none asks for a new restock, which arrives.
    await setServiceSetting(system, 'restock', 'callback.baseUrl', system.gatewayUrl);
    const soldOut = await system.http.post<{ restock?: { restockId: string } }>('/checkout', { sku });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.restock?.restockId).not.toBe(first?.restockId);
    const arrived = await waitFor(
      async () => {
        const product = await stockOf(system, sku);
        return product.stock === 10 ? product : undefined;
      },
      { what: 'the second restock on the shelf', timeoutMs: 15_000 },
    );
    expect(arrived).toMatchObject<Partial<ProductView>>({ stock: 10, restockPending: false });
    expect((await restocksOf(system, sku)).map((r) => r.status).sort()).toEqual(['OVERDUE', 'RECEIVED']);
  });
});
