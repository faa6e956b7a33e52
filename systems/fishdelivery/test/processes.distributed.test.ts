import { createNatsKvRegistry, type Registry } from '@mosaic/kit/discovery';
import { type JsonClient, waitFor } from '@mosaic/kit/testing';
import {
  describeWithEngines,
  engineUrls,
  type PrivateNatsServer,
  startPrivateNatsServer,
} from '@mosaic/kit/testing/engines';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ListPage } from '../contracts/paging.ts';
import type { OrderTables } from '../order/store.ts';
import type { Payment } from '../payment/domain.ts';
import type { StoreTables } from '../store/store.ts';
import {
  type Cluster,
  type ClusterProcess,
  type Delivery,
  httpTo,
  listAll,
  placeOrders,
  startCluster,
  warmUp,
} from './cluster.ts';

/** Short, so "stops routing to a dead replica within its TTL" is quick to watch. */
const REGISTRY_TTL_MS = 3_000;

let cluster: Cluster;
let order: ClusterProcess;
let store: ClusterProcess;
let gatewayProcess: ClusterProcess;
let http: JsonClient;

interface Row {
  orderId: number;
  status: string;
}

/** The rows of a list endpoint for the given orders, grouped by orderId. */
async function rowsByOrder(resource: string, orderIds: readonly number[]): Promise<Map<number, Row[]>> {
  const wanted = new Set(orderIds);
  const found = new Map<number, Row[]>();
  for (const row of await listAll<Row>(http, `/${resource}`)) {
    if (!wanted.has(row.orderId)) continue;
    found.set(row.orderId, [...(found.get(row.orderId) ?? []), row]);
  }
  return found;
}

async function allPaidInMyPage(orderIds: readonly number[], timeoutMs = 60_000) {
  await waitFor(
    async () => {
      const pages = await rowsByOrder('myPages', orderIds);
      const notPaid = orderIds.filter((id) => pages.get(id)?.[0]?.status !== 'paid');
      if (notPaid.length > 0) throw new Error(`${notPaid.length} not paid yet, e.g. ${notPaid.slice(0, 5).join(', ')}`);
      return true;
    },
    { what: `all ${orderIds.length} orders to be paid in MyPage`, timeoutMs, intervalMs: 250 },
  );
}

/** Each order has exactly one store row with `status`: a PayApproved applied twice or never would show. */
async function expectOneStoreRowEach(orderIds: readonly number[], status: string, timeoutMs = 60_000) {
  await waitFor(async () => (await rowsByOrder('fishstores', orderIds)).size === orderIds.length, {
    what: `a store row for each of ${orderIds.length} orders`,
    timeoutMs,
    intervalMs: 250,
  });
  const rows = await rowsByOrder('fishstores', orderIds);
  const wrong = orderIds.filter((id) => rows.get(id)?.length !== 1 || rows.get(id)?.[0]?.status !== status);
  expect(wrong, `orders without exactly one ${status} store row`).toEqual([]);
}

const payApprovedOf = (deliveries: readonly Delivery[], orderIds: readonly number[]) => {
  const subjects = new Set(orderIds.map(String));
  return deliveries.filter((d) => d.eventType === 'PayApproved' && subjects.has(d.subject));
};

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'fishdelivery as separate processes', () => {
  beforeAll(async () => {
    cluster = startCluster({ MOSAIC_REGISTRY_TTL_MS: String(REGISTRY_TTL_MS) });
    [order, , store] = await Promise.all([cluster.start('order'), cluster.start('payment'), cluster.start('store')]);
    gatewayProcess = await cluster.gateway();
    http = httpTo(gatewayProcess);
    await warmUp(http);
    await store.drill('report-deliveries');
  }, 120_000);
  afterAll(() => cluster?.close(), 60_000);

  it('loses no order when the store process is SIGKILLed while 500 orders flow, and applies each PayApproved once after its restart', async () => {
    let restarted: ClusterProcess | undefined;
    let killing: Promise<unknown> | undefined;
    const { orderIds, failures } = await placeOrders(http, 500, 8, {
      retryTimeouts: true,
      async onProgress(done) {
        if (done === 150) killing = store.kill('SIGKILL');
        if (done === 300) {
          await killing;
          restarted = await cluster.start('store');
          await restarted.drill('report-deliveries');
        }
      },
    });
    expect(await store.exited).toBe('SIGKILL');
    // The store is not on the order's synchronous path: every customer was served while it was down.
    expect(failures).toEqual([]);
    expect(orderIds).toHaveLength(500);
    await allPaidInMyPage(orderIds);
    await expectOneStoreRowEach(orderIds, 'paid');

    // The kill came mid-flow: the first store process saw some PayApproved, not all.
    const beforeKill = payApprovedOf(store.deliveries, orderIds).length;
    expect(beforeKill).toBeGreaterThan(0);
    expect(beforeKill).toBeLessThan(500);
    // Each PayApproved was handled exactly once, counted in the databases themselves: the paid orders (ours,
    // the warm-up's) are exactly the orders with a paid store row. An order turned away by a payment timeout
    // may briefly have one too, until its OrderCanceled compensation arrives: so wait for the two to agree.
    const orderDb = (await cluster.database('order')).db as Kysely<OrderTables>;
    const storeDb = (await cluster.database('store')).db as Kysely<StoreTables>;
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b).join(',');
    await waitFor(
      async () => {
        const paid = await orderDb.selectFrom('orders').select('order_id').where('status', '=', 'PAID').execute();
        const rows = await storeDb.selectFrom('store_orders').select('order_id').where('status', '=', 'paid').execute();
        const [a, b] = [sorted(paid.map((o) => Number(o.order_id))), sorted(rows.map((r) => Number(r.order_id)))];
        if (a !== b) throw new Error(`${paid.length} paid orders but ${rows.length} paid store rows`);
        return paid.length >= 500;
      },
      { what: 'the paid orders and the paid store rows to be the same orders', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect((await (await cluster.operator(restarted as ClusterProcess)).get('/admin/dlq')).body).toEqual([]);
    store = restarted as ClusterProcess;
  });

  it('shares the store group between two replicas: each PayApproved is handled by exactly one of them', async () => {
    const second = await cluster.start('store');
    await second.drill('report-deliveries');
    const first = store;
    const before = { first: first.deliveries.length, second: second.deliveries.length };
    const { orderIds, failures } = await placeOrders(http, 120, 8, { retryTimeouts: true });
    expect(failures).toEqual([]);
    await expectOneStoreRowEach(orderIds, 'paid');
    const byFirst = payApprovedOf(first.deliveries.slice(before.first), orderIds);
    const bySecond = payApprovedOf(second.deliveries.slice(before.second), orderIds);
    const all = [...byFirst, ...bySecond];
    expect(new Set(all.map((d) => d.eventId)).size).toBe(120);
    expect(all).toHaveLength(120);
    // Both replicas took part (every partition is pulled by both).
    expect(byFirst.length).toBeGreaterThan(0);
    expect(bySecond.length).toBeGreaterThan(0);
    expect(await second.kill('SIGTERM')).toBe('exit 0');
  });

  it('relays what the order process committed but never published when it was SIGKILLed, once it restarts', async () => {
    const { orderIds } = await placeOrders(http, 5, 1, { retryTimeouts: true });
    expect(orderIds).toHaveLength(5);
    await allPaidInMyPage(orderIds, 20_000);
    // From here the order process commits its events but, as if it died right after commit, never relays them.
    await order.drill('pause-relay');
    for (const orderId of orderIds) {
      const canceled = await http.patch(`/orders/${orderId}`, { status: 'canceled' });
      expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const payments = await rowsByOrder('payments', orderIds);
    expect(orderIds.map((id) => payments.get(id)?.[0]?.status)).toEqual(orderIds.map(() => 'paid'));

    await order.kill('SIGKILL');
    order = await cluster.start('order');
    // OrderCanceled, committed before the kill, now reaches payment and store, and MyPage hears it.
    await waitFor(
      async () => {
        const after = await rowsByOrder('payments', orderIds);
        return orderIds.every((id) => after.get(id)?.[0]?.status === 'canceled');
      },
      { what: 'every payment to be canceled after the order process restarted', timeoutMs: 30_000, intervalMs: 200 },
    );
    await expectOneStoreRowEach(orderIds, 'canceled', 30_000);
    await waitFor(
      async () => {
        const pages = await rowsByOrder('myPages', orderIds);
        return orderIds.every((id) => pages.get(id)?.[0]?.status === 'canceled');
      },
      { what: 'MyPage to show every order canceled', timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  it('stops routing to a SIGKILLed payment replica: once the breaker/TTL window has passed no request fails', async () => {
    const second = await cluster.start('payment');
    const watcher: Registry = await createNatsKvRegistry({
      servers: engineUrls().nats,
      bucket: `${cluster.namespace}mosaic_registry`,
      ttlMs: REGISTRY_TTL_MS,
    });
    try {
      await waitFor(() => watcher.instances('fishdelivery', 'payment').length === 2, {
        what: 'two payment replicas in the registry',
      });
      // Both replicas serve: the payments list answers through the gateway from either.
      for (let i = 0; i < 10; i++) expect((await http.get('/payments?size=1')).status).toBe(200);

      const first = cluster.processes.find((p) => p.name === 'payment' && p !== second) as ClusterProcess;
      const killedAt = Date.now();
      await first.kill('SIGKILL');
      // During the window some calls may still go to the dead replica (the order's payment call is a POST
      // with no retry); the registry drops it within its TTL (plus one sweep) with no delete ever sent.
      await waitFor(
        () =>
          watcher.instances('fishdelivery', 'payment').length === 1 &&
          watcher.instances('fishdelivery', 'payment')[0]?.url === second.url,
        { what: 'the dead replica to leave the registry', timeoutMs: REGISTRY_TTL_MS + 2_000, intervalMs: 50 },
      );
      expect(Date.now() - killedAt).toBeLessThan(REGISTRY_TTL_MS + 2_000);
      await placeOrders(http, 20, 4); // through the window: failures allowed here
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // every process's view has expired it too

      // The order's client: no call goes to the dead replica any more (a timeout of the live one on a loaded
      // machine is retried like a customer would; it is not what this test is about).
      const { orderIds, failures, retried } = await placeOrders(http, 100, 4, { retryTimeouts: true });
      expect(failures).toEqual([]);
      expect(retried.filter((answer) => answer.includes(first.url))).toEqual([]);
      expect(orderIds).toHaveLength(100);
      // The gateway: every payment read answers. (Charging is the order's call alone: the gateway does not
      // publish POST /payments, so the order's client above is what must stop calling the dead replica.)
      for (let i = 0; i < 30; i++) {
        const response = await http.get<ListPage<Payment>>(`/payments?orderId=${orderIds[i]}`);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(response.body._embedded.payments).toEqual([expect.objectContaining({ status: 'paid' })]);
      }
      await allPaidInMyPage(orderIds, 30_000);
    } finally {
      await watcher.close();
    }
  });
});

await describeWithEngines(
  ['postgres', 'mysql', 'nats', 'redis'],
  'fishdelivery processes through a NATS restart',
  () => {
    // A NATS server of this block's own: the shared one on 4222 serves every other test and is never restarted.
    let nats: PrivateNatsServer;
    let natsCluster: Cluster;
    beforeAll(async () => {
      nats = await startPrivateNatsServer();
      natsCluster = startCluster({ MOSAIC_NATS_URL: nats.url });
      await Promise.all([natsCluster.start('order'), natsCluster.start('payment'), natsCluster.start('store')]);
    }, 120_000);
    afterAll(async () => {
      await natsCluster?.close();
      await nats?.dispose();
    }, 60_000);

    it('keeps serving while NATS is down, reconnects when it is back, and every order finishes exactly once', async () => {
      const http = httpTo(await natsCluster.gateway());
      await warmUp(http);
      let outage: Promise<void> | undefined;
      let natsDown = false;
      let placedWhileDown = 0;
      const { orderIds, failures } = await placeOrders(http, 300, 8, {
        retryTimeouts: true,
        onProgress(done) {
          if (natsDown) placedWhileDown++;
          if (done !== 100) return;
          // Down for 3 s in the middle of the flow, then back on the same port and data (a crash and restart).
          outage = (async () => {
            await nats.kill();
            natsDown = true;
            await new Promise((resolve) => setTimeout(resolve, 3_000));
            natsDown = false;
            await nats.restart();
          })();
        },
      });
      await outage;
      expect(placedWhileDown, 'orders placed while NATS was down').toBeGreaterThanOrEqual(5);
      // Orders and payments are synchronous HTTP and the registry view outlives the outage: nobody was turned
      // away for want of NATS (a payment timeout on a loaded machine is retried, and is not about NATS).
      expect(failures).toEqual([]);
      expect(orderIds).toHaveLength(300);

      // Events committed during the outage wait in the outboxes and go out after reconnecting.
      const wanted = new Set(orderIds);
      await waitFor(
        async () => {
          const paid = (await listAll<Row>(http, '/myPages?status=paid')).filter((p) => wanted.has(p.orderId));
          if (paid.length < 300) throw new Error(`${paid.length} of 300 paid in MyPage`);
          return true;
        },
        { what: 'every order to be paid in MyPage after NATS came back', timeoutMs: 60_000, intervalMs: 500 },
      );
      // The store is a consumer of its own: it may still be catching up when MyPage is done.
      const rows = await waitFor(
        async () => {
          const stored = (await listAll<Row>(http, '/fishstores')).filter((r) => wanted.has(r.orderId));
          if (stored.length < 300) throw new Error(`${stored.length} of 300 received by the store`);
          return stored;
        },
        { what: 'the store to receive every order after NATS came back', timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(rows).toHaveLength(300);
      expect(new Set(rows.map((r) => r.orderId)).size).toBe(300);

      // And the processes keep working on the restarted server: a new order goes all the way.
      const after = await placeOrders(http, 5, 1, { retryTimeouts: true });
      expect(after.failures).toEqual([]);
      await waitFor(
        async () => {
          const pages = await listAll<Row>(http, '/myPages?status=paid');
          return after.orderIds.every((id) => pages.some((p) => p.orderId === id));
        },
        { what: 'orders placed after the restart to be paid', timeoutMs: 20_000, intervalMs: 250 },
      );
    });
  },
);
