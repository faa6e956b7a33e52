// A purchase spike (spec §11 A-D8): N checkouts of one product with stock S < N, `inFlight` at once through the
// gateway, and what must hold after it whatever the timing: exactly S sold, every other buyer refused 409, no
// lost update, no stock below 0, and one restock for the one shortage, ordered once at the factory.
import { now } from './commerce-http.ts';
import type { Check } from './commerce-invariants.ts';
import { percentile } from './commerce-round.ts';
import type { SpikePlan } from './donuts-options.ts';
import { factoryJobsFor, rowsOf } from './donuts-reads.ts';
import type { DonutsUnderTest } from './donuts-system.ts';
import { type RoomsClient, roomsClient } from './rooms-http.ts';
import type { Runtime } from './system-processes.ts';

export interface SpikeResult {
  runtime: Runtime;
  /** 0 for the warm-up spike, which is checked but left out of the medians. */
  round: number;
  purchases: number;
  stock: number;
  inFlight: number;
  /** N ÷ (first send → last answer). */
  purchasesPerSec: number;
  wallSeconds: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Answers by status ("200", "409", "504", "error: …"). */
  statuses: Record<string, number>;
  /** Units that left the stock without a 200 (a purchase the gateway gave up on, made all the same). */
  soldUnanswered: number;
  checks: Check[];
}

/** How long the restock worker gets to order the spike's one restock before the check says it did not. */
const ORDERED_WITHIN_MS = 30_000;

interface Answer {
  status: string;
  ms: number;
  startedAt: number;
  respondedAt: number;
  /** The stock the answer reports (after the sale, or what was left when refused). */
  stock?: number;
}

let spikes = 0;

export async function measureSpike(
  donuts: DonutsUnderTest,
  plan: SpikePlan & { inFlight: number },
  round: number,
): Promise<SpikeResult> {
  const sku = `SPIKE-${donuts.runtime}-${++spikes}`;
  await donuts.enter(sku, {
    name: `스파이크도넛 ${spikes}`,
    price: 19_900,
    stock: plan.stock,
    reorderPoint: 0,
    restockQuantity: 10,
    factoryManagerEmail: 'bench_factory@codeatates.com',
  });
  const inFlight = Math.min(plan.inFlight, plan.purchases);
  const gw = roomsClient(donuts.gatewayUrl, inFlight + 4);
  const sales = roomsClient(donuts.salesUrl, 2);
  const factory = roomsClient(donuts.factoryUrl, 2);
  try {
    await untilGatewayRoutes(gw, sku);
    const answers = await fire(gw, sku, plan.purchases, inFlight);
    const first = Math.min(...answers.map((a) => a.startedAt));
    const last = Math.max(...answers.map((a) => a.respondedAt));
    const wallSeconds = (last - first) / 1000;
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
    const { checks, soldUnanswered } = await checkSpike({ sales, factory }, sku, plan, answers);
    return {
      runtime: donuts.runtime,
      round,
      purchases: plan.purchases,
      stock: plan.stock,
      inFlight,
      purchasesPerSec: Math.round(plan.purchases / wallSeconds),
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      latencyMs: {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: Math.round(sorted.at(-1) ?? Number.NaN),
      },
      statuses,
      soldUnanswered,
      checks,
    };
  } finally {
    await Promise.all([gw.close(), sales.close(), factory.close()]);
  }
}

/**
 * Waits until the gateway routes to sales again: a spike that overloaded it leaves the gateway's breaker for
 * sales open (503 at once) for a while, and the next spike must not start behind it.
 */
async function untilGatewayRoutes(gw: RoomsClient, sku: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await gw.get(`/products/${sku}`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the gateway did not route to sales for 60 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function fire(gw: RoomsClient, sku: string, purchases: number, inFlight: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const buyer = async () => {
    while (next < purchases) {
      next++;
      const startedAt = now();
      try {
        const answer = await gw.post('/checkout', { sku });
        const stock = stockOf(answer.body);
        answers.push({
          status: String(answer.status),
          ms: answer.ms,
          startedAt,
          respondedAt: now(),
          ...(stock === undefined ? {} : { stock }),
        });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        answers.push({ status: `error: ${why}`, ms: now() - startedAt, startedAt, respondedAt: now() });
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, buyer));
  return answers;
}

function stockOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('stock' in body)) return undefined;
  return typeof body.stock === 'number' ? body.stock : undefined;
}

/**
 * The checks, read straight from sales and the factory (past the gateway, whose breaker may still be open after
 * an overload): what the warehouse holds, not what the buyers were told.
 */
async function checkSpike(
  direct: { sales: RoomsClient; factory: RoomsClient },
  sku: string,
  plan: SpikePlan,
  answers: Answer[],
): Promise<{ checks: Check[]; soldUnanswered: number }> {
  const sold = answers.filter((a) => a.status === '200');
  const refused = answers.filter((a) => a.status === '409');
  const other = answers.length - sold.length - refused.length;
  const product = await direct.sales.get(`/products/${sku}`);
  const finalStock = stockOf(product.body);
  // No restock arrives during the bench (the factory's steps are 600 s): every unit gone was sold.
  const gone = finalStock === undefined ? Number.NaN : plan.stock - finalStock;
  // Each sale answers the stock it left: sales without a lost update leave distinct stocks in [0, S).
  const left = new Set(sold.map((a) => a.stock));
  const distinctLeft = left.size === sold.length && [...left].every((s) => s !== undefined && s >= 0 && s < plan.stock);
  const lowest = Math.min(
    finalStock ?? Number.NaN,
    ...answers.flatMap((a) => (a.stock === undefined ? [] : [a.stock])),
  );
  const restocks = rowsOf<{ restockId: string }>((await direct.sales.get(`/restocks?sku=${sku}`)).body);
  const ordered = await factoryJobs(direct.factory, restocks[0]?.restockId);
  const checks = [
    {
      name: `exactly ${plan.stock} sold, each answered 200`,
      pass: sold.length === plan.stock && gone === plan.stock,
      detail: `${sold.length} × 200, ${Number.isNaN(gone) ? 'stock unreadable' : `${gone} units gone`}`,
    },
    {
      name: `the other ${plan.purchases - plan.stock} refused 409 sold-out, nothing else`,
      pass: refused.length === plan.purchases - plan.stock && other === 0,
      detail: `${refused.length} × 409, ${other} other`,
    },
    {
      name: 'no lost update: every sale left a different stock, in [0, S)',
      pass: distinctLeft,
      detail: `${left.size} distinct stocks left over ${sold.length} sales`,
    },
    {
      name: 'stock ends 0, never below',
      pass: finalStock === 0 && lowest >= 0,
      detail: `final ${finalStock ?? `unreadable (${product.status})`}, lowest answered ${lowest}`,
    },
    {
      name: 'exactly one restock requested for the shortage',
      pass: restocks.length === 1,
      detail: `${restocks.length} restock requests`,
    },
    {
      name: 'that restock ordered once at the factory',
      pass: ordered.jobs === 1,
      detail: ordered.detail,
    },
  ];
  return { checks, soldUnanswered: Number.isNaN(gone) ? 0 : Math.max(0, gone - sold.length) };
}

/**
 * The factory's jobs for the spike's restock once it has one, counted again a second later: a repeated order
 * would follow the first.
 */
async function factoryJobs(gw: RoomsClient, restockId: string | undefined): Promise<{ jobs: number; detail: string }> {
  if (!restockId) return { jobs: 0, detail: 'no restock to order' };
  const deadline = Date.now() + ORDERED_WITHIN_MS;
  while ((await factoryJobsFor(gw, restockId)) === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const jobs = await factoryJobsFor(gw, restockId);
  return { jobs, detail: `${jobs} factory job(s) for it${jobs === 0 ? ` within ${ORDERED_WITHIN_MS / 1000} s` : ''}` };
}
