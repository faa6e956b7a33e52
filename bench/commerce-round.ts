// One measured burst on a running shop: fresh products, wait until order sells them, fire, settle, check,
// and the numbers the report needs.
import { type BurstPlan, fireBurst } from './commerce-burst.ts';
import type { GatewayClient } from './commerce-http.ts';
import { type Check, checkBurst, newestOrderId, type Split, splitOf, stocksFor } from './commerce-invariants.ts';
import { productOnSale, type Shop, untilOrderSells } from './commerce-shop.ts';
import { cpuMeter, enginePids, LOAD_TOOL } from './saga-cpu.ts';
import type { BenchSystem, Runtime } from './system-processes.ts';

export interface BurstResult {
  runtime: Runtime;
  orders: number;
  /** 0 for the warm-up burst, which is checked but left out of the medians. */
  round: number;
  stocks: { p4: number; p5: number };
  concurrency: number;
  /** N ÷ (last outcome − first POST). */
  ordersPerSec: number;
  wallSeconds: number;
  postMs: { p50: number; p99: number; max: number };
  /** From each POST to its outcome: the 409 answer, or the poll that first saw RESERVED/REJECT. */
  outcomeMs: { p50: number; p99: number; max: number };
  /** Mean poll round, i.e. how late an outcome may be seen after it happened. */
  pollMs: number;
  /** From the first POST to the first poll showing product 4 at stock 0 (null: no poll saw it). */
  soldOutMs: number | null;
  /**
   * From the first POST to the first 409 product-sold-out (in the burst, or the late probe after it): how long
   * order's own copy of product 4 took to learn it was sold out. Until then every order is taken and rejected later.
   */
  firstRefusalMs: number | null;
  pollErrors: Record<string, number>;
  split: Split;
  checks: Check[];
  /** CPU ms per order during the burst, by process (and engine, distributed). */
  cpuMsPerOrder: Record<string, number>;
  loadAverageBefore: number;
}

let productsMade = 0;

export async function measureBurst(
  system: BenchSystem,
  runtime: Runtime,
  gw: GatewayClient,
  shop: Shop,
  plan: BurstPlan,
  round: number,
  loadAverageBefore: number,
): Promise<BurstResult> {
  const stocks = stocksFor(plan.orders);
  productsMade++;
  const p4 = await productOnSale(gw, shop, `길럭시북 그래파이트 15.6인치 코어 i5 - 512GB #${productsMade}`, stocks.p4);
  const p5 = await productOnSale(gw, shop, `김럭시북9 그려파이트 14인치 #${productsMade}`, stocks.p5);
  const firstShopper = shop.shoppers[0];
  if (!firstShopper) throw new Error('no shoppers');
  await untilOrderSells(gw, firstShopper, [p4, p5]);
  const newestBefore = await newestOrderId(gw, shop);

  const meter = cpuMeter(() => ({
    ...Object.fromEntries(Object.entries(system.processes).map(([name, pid]) => [name, [pid]])),
    ...(runtime === 'distributed' ? enginePids() : {}),
  }));
  const loadCpuBefore = process.cpuUsage();
  meter.start();
  const burst = await fireBurst(gw, shop, { p4, p5 }, plan);
  const cpu = meter.stop();
  const loadCpu = process.cpuUsage(loadCpuBefore);
  cpu[LOAD_TOOL] = (loadCpu.user + loadCpu.system) / 1e6;

  const { checks, lateRefusedAt } = await checkBurst(gw, shop, { p4, p5 }, stocks, burst, newestBefore);
  const first = Math.min(...burst.sent.map((s) => s.startedAt));
  const outcomeAt = burst.sent.map((s) => (s.status === 201 ? (s.outcomeAt ?? Number.NaN) : s.respondedAt));
  const last = Math.max(...outcomeAt.filter(Number.isFinite));
  const wallSeconds = (last - first) / 1000;
  const sorted = (values: number[]) => values.filter(Number.isFinite).sort((a, b) => a - b);
  const post = sorted(burst.sent.map((s) => s.respondedAt - s.startedAt));
  const outcome = sorted(burst.sent.map((s, i) => (outcomeAt[i] as number) - s.startedAt));
  const refusals = burst.sent
    .filter((s) => s.status === 409 && s.rule === 'product-sold-out')
    .map((s) => s.respondedAt);
  const firstRefusal = refusals.length > 0 ? Math.min(...refusals) : lateRefusedAt;
  const since = (at: number | undefined) => (at === undefined ? null : Math.round(at - first));
  return {
    runtime,
    orders: plan.orders,
    round,
    stocks,
    concurrency: Math.min(plan.concurrency, plan.orders),
    ordersPerSec: Math.round(plan.orders / wallSeconds),
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    postMs: spread(post),
    outcomeMs: spread(outcome),
    pollMs: burst.pollMs,
    soldOutMs: since(burst.soldOutAt),
    firstRefusalMs: since(firstRefusal),
    pollErrors: burst.pollErrors,
    split: splitOf(burst),
    checks,
    cpuMsPerOrder: Object.fromEntries(
      Object.entries(cpu).map(([name, seconds]) => [name, Math.round((seconds / plan.orders) * 1e4) / 10]),
    ),
    loadAverageBefore,
  };
}

function spread(sorted: number[]) {
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: Math.round(sorted.at(-1) ?? Number.NaN) };
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
}
