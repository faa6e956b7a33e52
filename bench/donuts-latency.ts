// The seed's tutorial comparison (spec §11 A-D4): what the synchronous legacy design made a buyer wait (the
// factory's answer to POST /api/manufactures) against the decoupled path (a sold-out checkout that queues the
// restock and answers at once), and how long the restock worker then takes to get the factory's job.
import { factoryJobsFor, rowsOf } from './donuts-reads.ts';
import type { DonutsUnderTest } from './donuts-system.ts';
import { type RoomsClient, roomsClient } from './rooms-http.ts';
import type { Runtime } from './system-processes.ts';

/** The seed's own body for the factory (spec §4.2), without a CallbackUrl: the job never calls back. */
const LEGACY_BODY = {
  MessageGroupId: 'stock-arrival-group',
  MessageAttributeProductId: 'CP-502101',
  MessageAttributeProductCnt: '10',
  OrderStockCnt: 10,
};

const DONUT = {
  name: '벤치도넛',
  price: 19_900,
  stock: 0,
  reorderPoint: 0,
  restockQuantity: 10,
  factoryManagerEmail: 'bench_factory@codeatates.com',
};

/** Between polls of the ledger and the restock list: the resolution of the "acked" times. */
const POLL_MS = 25;

export interface LegacyCall {
  runtime: Runtime;
  round: number;
  /** Through the gateway, as a buyer's call would go, or straight to the factory. */
  via: 'gateway' | 'direct';
  delayMs: number;
  status: number;
  ms: number;
}

export interface DecoupledRun {
  runtime: Runtime;
  round: number;
  delayMs: number;
  /** The sold-out checkout's answer (409 with the restock) and its latency. */
  checkoutStatus: number;
  checkoutMs: number;
  /** From the checkout's send to the worker's ledger showing the factory's job (written just before the ack). */
  ledgerMs: number | null;
  /** From the checkout's send to sales' GET /restocks showing the job (IN_PRODUCTION, told by an event). */
  restocksMs: number | null;
  /** What the ledger said last: ORDERED, or QUEUED / DEAD_LETTERED with the worker's last error. */
  ledger: { status: string; receives: number; lastError: string | null } | null;
  /** From the checkout's send to the ledger's last word on it (ORDERED or DEAD_LETTERED); null: neither in time. */
  settledMs: number | null;
  /** Every distinct error the ledger showed while polled (the worker keeps only the last). */
  errors: string[];
  /** Jobs the factory started for this restock (its page, by MessageGroupId): 1 unless an order was repeated. */
  factoryJobs: number;
}

export interface LatencyResult {
  legacy: LegacyCall[];
  decoupled: DecoupledRun[];
  /** The decoupled path with the factory as slow as the seed's (once per runtime), or null when skipped. */
  probe: DecoupledRun | null;
}

interface LedgerRow {
  restockId: string;
  status: string;
  jobId: string | null;
  receives: number;
  lastError: string | null;
}

interface RestockRow {
  restockId: string;
  status: string;
  factoryJobId: string | null;
}

export async function measureLatency(
  donuts: DonutsUnderTest,
  plan: { rounds: number; legacyDelayMs: number; decoupledDelayMs: number; legacyProbe: boolean },
): Promise<LatencyResult> {
  const gw = roomsClient(donuts.gatewayUrl, 4);
  const factory = roomsClient(donuts.factoryUrl, 2);
  const result: LatencyResult = { legacy: [], decoupled: [], probe: null };
  try {
    await donuts.setSetting('factory', 'intake.delayMs', plan.legacyDelayMs);
    for (let round = 1; round <= plan.rounds; round++) {
      for (const [via, client] of [
        ['gateway', gw],
        ['direct', factory],
      ] as const) {
        const answer = await client.post('/api/manufactures', LEGACY_BODY);
        const call = { runtime: donuts.runtime, round, via, delayMs: plan.legacyDelayMs, status: answer.status };
        result.legacy.push({ ...call, ms: Math.round(answer.ms) });
        console.log(
          `  legacy call ${via} (intake ${plan.legacyDelayMs} ms) round ${round}: ${answer.status} in ${Math.round(answer.ms)} ms`,
        );
      }
    }
    if (plan.legacyProbe) {
      result.probe = await decoupled(donuts, gw, 0, plan.legacyDelayMs, 90_000);
      const p = result.probe;
      console.log(
        `  decoupled at the legacy intake ${plan.legacyDelayMs} ms: checkout ${p.checkoutStatus} in ${p.checkoutMs} ms; ledger ${p.ledger?.status ?? '–'} after ${p.ledger?.receives ?? 0} receives at ${p.settledMs ?? '–'} ms; ${p.factoryJobs} factory job(s); errors: ${p.errors.join(' | ') || 'none'}`,
      );
    }
    await donuts.setSetting('factory', 'intake.delayMs', plan.decoupledDelayMs);
    // The probe's failures may have opened the worker's breaker on the factory (it rests 2 s).
    if (plan.legacyProbe) await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (let round = 1; round <= plan.rounds; round++) {
      const run = await decoupled(donuts, gw, round, plan.decoupledDelayMs, 30_000);
      result.decoupled.push(run);
      console.log(
        `  decoupled (intake ${plan.decoupledDelayMs} ms) round ${round}: checkout ${run.checkoutStatus} in ${run.checkoutMs} ms; factory job on the ledger at ${run.ledgerMs ?? '–'} ms, in GET /restocks at ${run.restocksMs ?? '–'} ms`,
      );
    }
  } finally {
    await gw.close();
    await factory.close();
  }
  return result;
}

let products = 0;

/** A donut out of stock, one checkout of it, and the polls until the factory's job is known (or `waitMs`). */
async function decoupled(
  donuts: DonutsUnderTest,
  gw: RoomsClient,
  round: number,
  delayMs: number,
  waitMs: number,
): Promise<DecoupledRun> {
  const sku = `AD4-${donuts.runtime}-${++products}`;
  await donuts.enter(sku, DONUT);
  const answer = await gw.post('/checkout', { sku });
  const restockId = restockIdOf(answer.body);
  const run: DecoupledRun = {
    runtime: donuts.runtime,
    round,
    delayMs,
    checkoutStatus: answer.status,
    checkoutMs: Math.round(answer.ms),
    ledgerMs: null,
    restocksMs: null,
    ledger: null,
    settledMs: null,
    errors: [],
    factoryJobs: 0,
  };
  if (!restockId) {
    console.error(`  !!!! the sold-out checkout queued no restock: ${answer.status} ${answer.raw.slice(0, 300)}`);
    return run;
  }
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && (run.ledgerMs === null || run.restocksMs === null)) {
    const [ledger, restocks] = await Promise.all([gw.get('/factory-orders'), gw.get(`/restocks?sku=${sku}`)]);
    const at = Math.round(performance.timeOrigin + performance.now() - answer.startedAt);
    const row = rowsOf<LedgerRow>(ledger.body).find((r) => r.restockId === restockId);
    if (row) run.ledger = { status: row.status, receives: row.receives, lastError: row.lastError };
    if (row?.lastError && !run.errors.includes(row.lastError)) run.errors.push(row.lastError);
    if (run.settledMs === null && (row?.jobId || row?.status === 'DEAD_LETTERED')) run.settledMs = at;
    if (run.ledgerMs === null && row?.jobId) run.ledgerMs = at;
    const restock = rowsOf<RestockRow>(restocks.body).find((r) => r.restockId === restockId);
    if (run.restocksMs === null && restock?.factoryJobId) run.restocksMs = at;
    // Dead-lettered: no job will come.
    if (row?.status === 'DEAD_LETTERED') break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  run.factoryJobs = await factoryJobsFor(gw, restockId);
  return run;
}

function restockIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('restock' in body)) return undefined;
  const restock = body.restock;
  if (typeof restock !== 'object' || restock === null || !('restockId' in restock)) return undefined;
  return typeof restock.restockId === 'string' ? restock.restockId : undefined;
}
