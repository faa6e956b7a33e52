// `npm run bench -- donuts [--runtime embedded|distributed|both] [--rounds 3] [--parts latency,spike,queue]
//                          [--legacy-delay-ms 5000] [--decoupled-delay-ms 1000] [--no-legacy-probe]
//                          [--spikes 500/100,2000/1000] [--in-flight 500] [--warmup 100]
//                          [--messages 2000] [--queue-concurrency 16] [--send-in-flight 64]`
//
// The donut shop (seed 004) measured on each runtime: the seed's tutorial comparison (a synchronous call to the
// slow legacy factory against the decoupled checkout that queues the restock), a purchase spike with its
// invariants checked after every round, and the kit's work queue against the bare NATS client. Any spike
// invariant failing is printed loudly and the bench exits non-zero.
import { loadavg } from 'node:os';
import { openBareNats } from './donuts-bare-nats.ts';
import { type LatencyResult, measureLatency } from './donuts-latency.ts';
import { type DonutsOptions, parseDonutsOptions } from './donuts-options.ts';
import { openKitQueue, type QueueRound, type QueueStack } from './donuts-queue.ts';
import { type DonutsResults, writeDonutsReport } from './donuts-report.ts';
import { measureSpike, type SpikeResult } from './donuts-spike.ts';
import { type DonutsUnderTest, startDonuts } from './donuts-system.ts';
import type { Runtime } from './system-processes.ts';

/** The factory's steps while the bench runs: no restock arrives (and raises a stock) while a spike is checked. */
const STEP_MS_WHILE_MEASURING = 600_000;

export async function run(args: string[]): Promise<void> {
  const options = parseDonutsOptions(args);
  const results: DonutsResults = { latency: [], spikes: [], queues: [], loadAverages: [] };
  const load = () => results.loadAverages.push(loadavg()[0] ?? 0);
  for (const runtime of options.runtimes) {
    if (options.parts.includes('latency') || options.parts.includes('spike')) {
      console.log(`starting donuts (${runtime})…`);
      const donuts = await startDonuts(runtime);
      try {
        await donuts.setSetting('factory', 'line.stepMs', STEP_MS_WHILE_MEASURING);
        await donuts.setSetting('restock', 'callback.baseUrl', donuts.gatewayUrl);
        if (options.parts.includes('latency')) {
          load();
          results.latency.push(await latency(donuts, options));
        }
        if (options.parts.includes('spike')) {
          load();
          results.spikes.push(...(await spikes(donuts, options)));
        }
      } finally {
        await donuts.stop();
      }
    }
    if (options.parts.includes('queue')) {
      load();
      results.queues.push(...(await queueRounds(runtime, options)));
    }
  }
  writeDonutsReport(options, results);
  const failed = results.spikes.filter((s) => s.checks.some((c) => !c.pass));
  if (failed.length > 0) {
    console.error(
      `\n!!!!!!!! ${failed.length} of ${results.spikes.length} spikes broke an invariant: see FAIL above !!!!!!!!`,
    );
    process.exitCode = 1;
  }
}

function latency(donuts: DonutsUnderTest, options: DonutsOptions): Promise<LatencyResult> {
  return measureLatency(donuts, {
    rounds: options.rounds,
    legacyDelayMs: options.legacyDelayMs,
    decoupledDelayMs: options.decoupledDelayMs,
    legacyProbe: options.legacyProbe,
  });
}

async function spikes(donuts: DonutsUnderTest, options: DonutsOptions): Promise<SpikeResult[]> {
  // The restock worker's factory answers at once during the spikes: its calls are not what is measured.
  await donuts.setSetting('factory', 'intake.delayMs', 0);
  const done: SpikeResult[] = [];
  const spike = async (purchases: number, stock: number, round: number) => {
    const result = await measureSpike(donuts, { purchases, stock, inFlight: options.inFlight }, round);
    done.push(result);
    printSpike(result);
  };
  if (options.warmup > 0) await spike(options.warmup, Math.max(1, Math.floor(options.warmup / 5)), 0);
  for (let round = 1; round <= options.rounds; round++) {
    for (const plan of options.spikes) await spike(plan.purchases, plan.stock, round);
  }
  return done;
}

/** The kit's rounds on this runtime, each followed by a bare NATS round, so both see the same machine. */
async function queueRounds(runtime: Runtime, options: DonutsOptions): Promise<QueueRound[]> {
  console.log(`queue: the kit (${runtime}) and bare NATS, ${options.messages} messages a round…`);
  const rounds: QueueRound[] = [];
  const stacks: QueueStack[] = [];
  try {
    stacks.push(await openKitQueue(runtime, options.queueConcurrency));
    stacks.push(await openBareNats());
    for (let round = 1; round <= options.rounds; round++) {
      for (const stack of stacks) {
        const result = await stack.round(round, options.messages, options.sendInFlight);
        rounds.push(result);
        console.log(
          `  ${result.stack} round ${round}: sent ${result.sendPerSec}/s (${result.sendMs} ms), drained ${result.drainPerSec}/s (${result.drainMs} ms, ${result.drainCpuUs} µs CPU each)`,
        );
      }
    }
  } finally {
    for (const stack of stacks) await stack.close();
  }
  return rounds;
}

function printSpike(r: SpikeResult): void {
  const statuses = Object.entries(r.statuses).map(([k, v]) => `${k} × ${v}`);
  console.log(
    `  ${r.runtime} spike ${r.purchases} on stock ${r.stock} (${r.round === 0 ? 'warm-up' : `round ${r.round}`}): ` +
      `${r.purchasesPerSec} purchases/s (${r.wallSeconds} s); p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms max ${r.latencyMs.max} ms; ${statuses.join(', ')}` +
      (r.soldUnanswered > 0 ? `; ${r.soldUnanswered} SOLD WITHOUT A 200` : ''),
  );
  for (const check of r.checks) {
    if (check.pass) console.log(`    PASS ${check.name}: ${check.detail}`);
    else console.error(`    !!!! FAIL ${check.name}: ${check.detail} !!!!`);
  }
}
