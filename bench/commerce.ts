// `npm run bench -- commerce [--runtime embedded|distributed|both] [--sizes 200,2000] [--rounds 3]
//                            [--warmup 200] [--shoppers 20] [--concurrency C|all] [--poll-ms 100] [--profile]`
//
// The seed's KafkaTestMulti200 as a benchmark: N orders of (product 4 × 2 + product 5 × 1) fired at commerce's
// gateway at once by signed-up users, on each runtime, until every order has its final outcome (RESERVED,
// REJECT out-of-stock, or refused at once with 409). Reports orders/s to the last outcome, the POST and outcome
// latencies, the split, the CPU per order by process, and every invariant of the seed's test; any invariant
// failing is printed loudly and the bench exits non-zero.
import { loadavg } from 'node:os';
import { gatewayClient } from './commerce-http.ts';
import type { Options } from './commerce-options.ts';
import { printProfiles, profiling } from './commerce-profile.ts';
import { writeCommerceReport } from './commerce-report.ts';
import { type BurstResult, measureBurst } from './commerce-round.ts';
import { openShop } from './commerce-shop.ts';
import { startCommerce } from './commerce-system.ts';
import { flagsOf } from './flags.ts';
import type { Runtime } from './system-processes.ts';

/** The seed's burst, fired all at once by default whatever the runtime. */
const SEED_BURST = 200;

/**
 * POSTs in flight at most in a burst larger than the seed's, unless --concurrency says otherwise. Fired all at
 * once, or 200 at a time, 2,000 orders kept order past the gateway's 3 s deadline on both runtimes (504; then
 * the gateway's breaker for order opened: 503), and orders answered 504 were placed all the same; embedded, 50 at
 * a time already kept user's address lookup past order's 2 s deadline (503 for every order while that breaker
 * was open). Those runs measure the overload, not the shop; these bounds held on the loaded machine of
 * bench/README.md's commerce section.
 */
const LARGE_BURST_IN_FLIGHT: Record<Runtime, number> = { embedded: 16, distributed: 32 };

function inFlight(options: Options, runtime: Runtime, orders: number): number {
  if (options.concurrency === 'all') return orders;
  if (options.concurrency !== undefined) return Math.min(orders, options.concurrency);
  return orders <= SEED_BURST ? orders : LARGE_BURST_IN_FLIGHT[runtime];
}

function parse(args: string[]): Options {
  const { value, whole, runtimes } = flagsOf(args);
  const sizes = (value('--sizes') ?? '200,2000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 40 || n % 40 !== 0)) {
    throw new Error(`--sizes must be multiples of 40 (product 4's stock is 3N/20, an even number), got ${sizes}`);
  }
  const concurrency = value('--concurrency');
  return {
    runtimes: runtimes(),
    sizes,
    rounds: whole('--rounds', 3),
    warmup: whole('--warmup', 200, 0),
    shoppers: whole('--shoppers', 20),
    concurrency: concurrency === 'all' || concurrency === undefined ? concurrency : whole('--concurrency', 1),
    pauseMs: whole('--poll-ms', 100, 0),
    timeoutSec: whole('--timeout-s', 300),
    profile: args.includes('--profile'),
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const results: BurstResult[] = [];
  for (const runtime of options.runtimes) {
    console.log(`starting commerce (${runtime})…`);
    const profile = options.profile ? profiling() : undefined;
    const system = await startCommerce(runtime, profile?.env);
    // Enough connections for the largest burst fired at once, plus the polls beside it.
    const biggest = Math.max(...options.sizes, options.warmup);
    const gw = gatewayClient(system.gatewayUrl, inFlight(options, runtime, biggest) + options.shoppers + 8);
    try {
      const shop = await openShop(gw, options.shoppers);
      console.log(`  shop open: ${shop.shoppers.length} shoppers signed up, each with an address`);
      const burst = async (orders: number, round: number) => {
        const plan = {
          orders,
          concurrency: inFlight(options, runtime, orders),
          pauseMs: options.pauseMs,
          timeoutMs: options.timeoutSec * 1000,
        };
        const loadAverageBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
        const result = await measureBurst(system, runtime, gw, shop, plan, round, loadAverageBefore);
        results.push(result);
        printBurst(result);
      };
      if (options.warmup > 0) await burst(options.warmup, 0);
      for (let round = 1; round <= options.rounds; round++) for (const size of options.sizes) await burst(size, round);
    } finally {
      await gw.close();
      await system.stop();
    }
    if (profile) printProfiles(profile.dir, system.processes);
  }
  const failed = results.filter((r) => r.checks.some((c) => !c.pass));
  writeCommerceReport(options, results);
  if (failed.length > 0) {
    console.error(
      `\n!!!!!!!! ${failed.length} of ${results.length} bursts broke an invariant: see FAIL above !!!!!!!!`,
    );
    process.exitCode = 1;
  }
}

function printBurst(r: BurstResult): void {
  const label = r.round === 0 ? 'warm-up' : `round ${r.round}`;
  const other = Object.entries(r.split.other).map(([k, v]) => `${k} × ${v}`);
  console.log(
    `  ${r.runtime} ${r.orders} orders (${label}): ${r.ordersPerSec} orders/s to outcome (${r.wallSeconds} s); ` +
      `POST p50 ${r.postMs.p50} ms p99 ${r.postMs.p99} ms; outcome p50 ${r.outcomeMs.p50} ms p99 ${r.outcomeMs.p99} ms ` +
      `(polled every ~${r.pollMs} ms); product 4 sold out at ${r.soldOutMs} ms, first refused at ${r.firstRefusalMs} ms; reserved ${r.split.reserved}, rejected ${r.split.rejected}, refused ${r.split.refused}` +
      (other.length > 0 ? `, OTHER ${other.join(', ')}` : ''),
  );
  for (const check of r.checks) {
    if (check.pass) console.log(`    PASS ${check.name}: ${check.detail}`);
    else console.error(`    !!!! FAIL ${check.name}: ${check.detail} !!!!`);
  }
}
