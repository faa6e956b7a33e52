import { join } from 'node:path';
import { vouchedHeaders } from '@mosaic/kit/auth';
import {
  type Cluster,
  type ClusterProcess,
  type JsonClient,
  jsonClient,
  setServiceSetting,
  startCluster,
  waitFor,
} from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RestockTables } from '../restock/store.ts';
import { RESTOCK_QUEUE } from '../restock/worker.ts';
import { donuts } from '../system.ts';
import { SEED_DONUT } from './fixtures.ts';

const REPO = join(import.meta.dirname, '../../..');
const SKU = 'CRASH-1';
/** Long enough to kill the worker while it waits for the factory's answer; below the worker's 5 s timeout. */
const INTAKE_DELAY_MS = 3_000;

interface QueueRow {
  name: string;
  depth: number;
  inFlight: number;
  deadLetters: number;
}

let cluster: Cluster;
let gateway: ClusterProcess;
let http: JsonClient;

await describeWithEngines(['postgres', 'nats', 'redis'], 'the restock worker SIGKILLed mid-message', () => {
  beforeAll(async () => {
    cluster = startCluster(donuts, { cli: join(REPO, 'packages/cli/src/main.ts'), cwd: REPO });
    const runtime = await cluster.runtime();
    await setServiceSetting({ runtime, definition: donuts }, 'factory', 'line.stepMs', 200);
    await setServiceSetting({ runtime, definition: donuts }, 'factory', 'intake.delayMs', INTAKE_DELAY_MS);
    const [sales] = await Promise.all([
      cluster.start('sales'),
      cluster.start('factory'),
      cluster.start('notification'),
    ]);
    gateway = await cluster.gateway();
    http = jsonClient(gateway.url);
    await setServiceSetting({ runtime, definition: donuts }, 'restock', 'callback.baseUrl', gateway.url);
    const keys = await runtime.systemKeys('donuts');
    const entered = await jsonClient(sales.url).put(
      `/products/${SKU}`,
      { ...SEED_DONUT, stock: 1, reorderPoint: 0 },
      vouchedHeaders(keys.vouches, { service: 'test' }),
    );
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
  }, 120_000);
  afterAll(() => cluster?.close(), 60_000);

  it('gets the message back after its visibility timeout and orders from the factory once', async () => {
    const worker = await cluster.start('restock');
    const operator = await cluster.operator(worker);
    expect((await http.post('/checkout', { sku: SKU })).status).toBe(200);
    const soldOut = await http.post<{ rule: string }>('/checkout', { sku: SKU });
    expect(soldOut.body.rule).toBe('sold-out');

    // The worker has the message and waits for the factory, which takes its time: now it dies.
    await waitFor(
      async () =>
        (await operator.get<QueueRow[]>('/admin/queues')).body.find((q) => q.name === 'restock')?.inFlight === 1,
      { what: 'the restock message in flight at the worker', timeoutMs: 20_000, intervalMs: 50 },
    );
    const killedAt = Date.now();
    expect(await worker.kill('SIGKILL')).toBe('SIGKILL');

    // The factory drops the order of a caller that hung up; the next receive is answered at once.
    await new Promise((resolve) => setTimeout(resolve, INTAKE_DELAY_MS + 200));
    expect(await factoryJobsFor(SKU)).toBe(0);
    await setServiceSetting({ runtime: await cluster.runtime(), definition: donuts }, 'factory', 'intake.delayMs', 0);
    const successor = await cluster.start('restock');

    const restocked = await waitFor(
      async () => {
        const product = (await http.get<{ stock: number; restockPending: boolean }>(`/products/${SKU}`)).body;
        return product.stock === SEED_DONUT.restockQuantity && !product.restockPending ? Date.now() : undefined;
      },
      { what: 'the restock on the shelf', timeoutMs: RESTOCK_QUEUE.visibilityTimeoutMs + 30_000, intervalMs: 250 },
    );
    // Not before the dead worker's lease ran out: nobody else may have it while it could still be worked on.
    expect(restocked - killedAt).toBeGreaterThan(RESTOCK_QUEUE.visibilityTimeoutMs - 5_000);

    expect(await factoryJobsFor(SKU)).toBe(1);
    const ledger = (await cluster.database('restock')).db as Kysely<RestockTables>;
    const orders = await ledger.selectFrom('factory_orders').selectAll().where('sku', '=', SKU).execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ receives: 2, last_error: null });
    expect(orders[0]?.job_id).toBeTruthy();
    const queues = await (await cluster.operator(successor)).get<QueueRow[]>('/admin/queues');
    expect(queues.body.find((q) => q.name === 'restock')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
  }, 120_000);
});

async function factoryJobsFor(sku: string): Promise<number> {
  const page = await http.get<{ jobs: { productId: string | null }[] }>('/factory');
  return page.body.jobs.filter((job) => job.productId === sku).length;
}
