// The donuts bench's record: the raw results as JSON in bench/results/, and the generated tables of
// bench/README.md's donuts section (medians and ranges over the measured rounds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { median, range, spread } from './commerce-report.ts';
import type { DecoupledRun, LatencyResult, LegacyCall } from './donuts-latency.ts';
import type { DonutsOptions } from './donuts-options.ts';
import type { QueueRound } from './donuts-queue.ts';
import type { SpikeResult } from './donuts-spike.ts';
import { replaceReadmeSection } from './readme-section.ts';

export interface DonutsResults {
  latency: LatencyResult[];
  spikes: SpikeResult[];
  queues: QueueRound[];
  /** 1-minute load average before each part, as `os.loadavg()` gave it. */
  loadAverages: number[];
}

/** The seed's own figures (spec §11 A-D4, §9): the legacy call's `time_total` and the decoupled producer's k6 average. */
const SEED_SYNC_MS = 5_364;
const SEED_DECOUPLED_MS = 1_040;

const statusesOf = (values: number[]) => [...new Set(values)].sort().join(', ');
const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
const spreadOrNone = (values: (number | null)[]) => {
  const all = known(values);
  return all.length === values.length ? spread(all) : `${spread(all)} (${values.length - all.length} never)`;
};

function latencyRows(results: LatencyResult[]): string[] {
  const rows = [
    `| seed (API Gateway + Lambda, \`curl\`) | legacy POST /producer_consumer | 1000 + 4000 | 1 | 200 | ${SEED_SYNC_MS} | – | – |`,
    `| seed (k6, 1 VU) | decoupled producer POST /produce | 1000 | 2 | 200 | ${SEED_DECOUPLED_MS} | not measured | – |`,
  ];
  for (const result of results) {
    const byVia = (via: LegacyCall['via']) => result.legacy.filter((c) => c.via === via);
    for (const via of ['gateway', 'direct'] as const) {
      const calls = byVia(via);
      if (calls.length === 0) continue;
      const what =
        via === 'gateway'
          ? 'legacy POST /api/manufactures, through the gateway'
          : 'legacy POST /api/manufactures, straight to the factory';
      rows.push(
        `| ${calls[0]?.runtime} | ${what} | ${calls[0]?.delayMs} | ${calls.length} | ${statusesOf(calls.map((c) => c.status))} | ${spread(calls.map((c) => c.ms))} | – | – |`,
      );
    }
    const runs: DecoupledRun[] = result.decoupled;
    if (runs.length > 0) rows.push(decoupledRow('decoupled: sold-out POST /checkout (queues the restock)', runs));
    if (result.probe) rows.push(probeRow(result.probe));
  }
  return rows;
}

function decoupledRow(what: string, runs: DecoupledRun[]): string {
  const first = runs[0] as DecoupledRun;
  const ledger = runs.every((r) => r.ledgerMs !== null)
    ? spread(known(runs.map((r) => r.ledgerMs)))
    : `${spreadOrNone(runs.map((r) => r.ledgerMs))}; ledger: ${[...new Set(runs.map((r) => `${r.ledger?.status ?? '–'} after ${r.ledger?.receives ?? 0} receives`))].join('; ')}`;
  return `| ${first.runtime} | ${what} | ${first.delayMs} | ${runs.length} | ${statusesOf(runs.map((r) => r.checkoutStatus))} | ${spread(runs.map((r) => r.checkoutMs))} | ${ledger} | ${spreadOrNone(runs.map((r) => r.restocksMs))} |`;
}

/** The decoupled path at the seed's delay, once: what the worker's factory timeout made of it. */
function probeRow(p: DecoupledRun): string {
  const outcome = p.ledger
    ? `${p.ledger.status} after ${p.ledger.receives} receive(s)${p.settledMs === null ? ' (still, at the end of the wait)' : ` at ${p.settledMs}`}; factory jobs for it: ${p.factoryJobs}; errors: ${p.errors.map((e) => `“${e}”`).join(', ') || 'none'}`
    : 'no ledger row';
  const job = p.ledgerMs === null ? outcome : `${p.ledgerMs}; ${outcome}`;
  return `| ${p.runtime} | the same, factory as slow as the seed’s | ${p.delayMs} | 1 | ${p.checkoutStatus} | ${p.checkoutMs} | ${job} | ${p.restocksMs ?? 'never'} |`;
}

function spikeRows(spikes: SpikeResult[]): string[] {
  const groups = new Map<string, SpikeResult[]>();
  for (const s of spikes.filter((x) => x.round > 0)) {
    const key = `${s.runtime}|${s.purchases}|${s.stock}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((r) => {
    const first = r[0] as SpikeResult;
    const statuses = [...new Set(r.flatMap((x) => Object.keys(x.statuses)))]
      .sort()
      .map((status) => `${status} × ${range(r.map((x) => x.statuses[status] ?? 0))}`)
      .join(', ');
    const failing = r.filter((x) => x.checks.some((c) => !c.pass));
    const names = new Set(failing.flatMap((x) => x.checks.filter((c) => !c.pass).map((c) => c.name)));
    const verdict =
      failing.length === 0
        ? `PASS (${first.checks.length} checks × ${r.length})`
        : `**FAIL** in ${failing.length} of ${r.length}: ${[...names].join('; ')}`;
    return `| ${[
      first.runtime,
      first.purchases,
      first.stock,
      first.inFlight,
      r.length,
      spread(r.map((x) => x.purchasesPerSec)),
      spread(r.map((x) => x.latencyMs.p50)),
      spread(r.map((x) => x.latencyMs.p99)),
      spread(r.map((x) => x.latencyMs.max)),
      statuses,
      range(r.map((x) => x.soldUnanswered)),
      verdict,
    ].join(' | ')} |`;
  });
}

function queueRows(queues: QueueRound[]): string[] {
  const stacks = [...new Set(queues.map((q) => q.stack))];
  const bare = queues.filter((q) => q.stack === 'bare NATS');
  const bareDrain = bare.length > 0 ? median(bare.map((q) => q.drainPerSec)) : undefined;
  const bareSend = bare.length > 0 ? median(bare.map((q) => q.sendPerSec)) : undefined;
  const ratio = (value: number, base: number | undefined) => (base ? (value / base).toFixed(2) : '–');
  return stacks.map((stack) => {
    const r = queues.filter((q) => q.stack === stack);
    const send = median(r.map((q) => q.sendPerSec));
    const drain = median(r.map((q) => q.drainPerSec));
    return `| ${stack} | ${r[0]?.messages} | ${r.length} | ${spread(r.map((q) => q.sendPerSec))} | ${spread(r.map((q) => q.drainPerSec))} | ${ratio(send, bareSend)} | ${ratio(drain, bareDrain)} | ${spread(r.map((q) => q.drainCpuUs))} |`;
  });
}

export function writeDonutsReport(options: DonutsOptions, results: DonutsResults): void {
  const date = new Date().toISOString();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `donuts-${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ date, machine, options, ...results }, null, 2)}\n`);

  const latency = latencyRows(results.latency);
  const spikes = spikeRows(results.spikes);
  const queues = queueRows(results.queues);
  console.log(['', ...latency, '', ...spikes, '', ...queues].join('\n'));
  const load = results.loadAverages.length > 0 ? range(results.loadAverages.map((l) => Math.round(l * 10) / 10)) : '–';
  const section = [
    '<!-- donuts:start -->',
    `## Donuts: the seed's tutorial latency, a purchase spike, the work queue (${date.slice(0, 10)})`,
    '',
    '`npm run bench -- donuts [--runtime embedded|distributed|both] [--rounds 3] [--parts latency,spike,queue] ' +
      '[--legacy-delay-ms 5000] [--decoupled-delay-ms 1000] [--no-legacy-probe] [--spikes 500/100,2000/1000] ' +
      '[--in-flight 500] [--warmup 100] [--messages 2000] [--queue-concurrency 16] [--send-in-flight 64]`, on each ' +
      'runtime (embedded: one process on PGlite on disk; distributed: `mosaic up --distributed donuts` on PostgreSQL, ' +
      "NATS and Redis under a fresh namespace). The bench sets the factory's settings as an operator would (the config " +
      "store `mosaic config set` writes) and enters its products at sales' internal route with a vouch signed by the " +
      "system's key (as the demo does); the factory's steps are 600 s, so no restock arrives while it measures. " +
      `${machine.cpus} × ${machine.model ?? 'CPU'}, Node ${machine.node}; the load tool, the system and the engines ` +
      `share the machine, which other test suites were using too (1-minute load average ${load} before the parts): ` +
      `read medians and ratios. Medians and (ranges) over the rounds. Raw numbers: \`bench/results/${file.split('/').at(-1)}\`.`,
    '',
    "**The seed's tutorial (A-D4).** The factory's `intake.delayMs` makes POST /api/manufactures answer that late " +
      `(the seed's legacy API: 1,000 + 4,000 ms). A buyer of the synchronous design waits for it; here it is timed ` +
      `through the gateway and straight to the factory at ${options.legacyDelayMs} ms. The decoupled path is a ` +
      'checkout of a donut out of stock: 409 at once, its restock queued in the same transaction; then the restock ' +
      `worker calls the factory (intake ${options.decoupledDelayMs} ms, below the worker's 5 s factory timeout) and ` +
      "acks; **ledger** is when restock's GET /factory-orders first showed the factory's job (written just before the " +
      "ack), **GET /restocks** when sales' list showed it (told by FactoryOrdered), both from the checkout's send, " +
      `polled every 25 ms. The last row queues a restock with the factory at the seed's ${options.legacyDelayMs} ms.`,
    '',
    '| runtime | call | factory intake ms | rounds | answer | answer ms | factory job on the ledger, ms | job in GET /restocks, ms |',
    '|---|---|---:|---:|---|---:|---:|---:|',
    ...latency,
    '',
    `**Purchase spike (A-D8).** N POST /checkout of one product through the gateway, ${options.inFlight} on the wire ` +
      `at once, on a fresh product per round (reorder point 0, restock 10)${options.warmup > 0 ? `; one unmeasured warm-up spike of ${options.warmup} on ${Math.max(1, Math.floor(options.warmup / 5))} first (checked)` : ''}. ` +
      'purchases/s = N ÷ (first send → last answer); latencies over all N answers.',
    '',
    '| runtime | purchases | stock | in flight | rounds | purchases/s | p50 ms | p99 ms | max ms | answers | sold without a 200 | invariants |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|',
    ...spikes,
    '',
    'Invariants after every spike, read straight from sales and the factory (past the gateway, whose breaker may ' +
      'be open after an overload): exactly S units left the stock and exactly S buyers were answered 200; the other ' +
      "N − S answered 409 sold-out and nothing else; every sale's answer left a different stock in [0, S) (a lost " +
      'update would repeat one); the product ends at 0 and no answer showed less; exactly one restock request for the ' +
      "one shortage; the factory got exactly one job for it (its page, by the job's MessageGroupId, the restock id). " +
      '**sold without a 200**: units gone from the stock beyond the 200 answers, i.e. purchases made behind a 504 ' +
      '(the gateway gave up, sales went on). Before each spike the bench waits until the gateway routes to sales ' +
      'again. Any failure exits 1.',
    '',
    `**Work queue.** N messages per round sent through a bench-only service's own sender (\`ctx.queues.work.send\`, ` +
      `${options.sendInFlight} sends in flight) while its worker is held, then drained by the kit's worker ` +
      `(concurrency ${options.queueConcurrency}, no-op handler) until the queue holds none: lease → handler → ack. ` +
      'The kit runs in the bench process, the system stopped; embedded rows are in a PGlite on disk, distributed ' +
      'a JetStream work-queue stream. **bare NATS**: the NATS client alone, no Mosaic code, on a work-queue stream of ' +
      `its own: ${options.sendInFlight} publishes in flight, then one durable pull consumer's \`consume()\` (its ` +
      "default buffer of 100) acking each, until the stream is empty; its rounds interleave with the kit's. Ratios " +
      "are medians ÷ bare NATS medians (embedded's is against another engine: indicative only).",
    '',
    '| stack | messages | rounds | sent/s | drained/s (lease → ack) | sent vs bare NATS | drained vs bare NATS | bench process CPU per message drained, µs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...queues,
    '<!-- donuts:end -->',
  ].join('\n');
  replaceReadmeSection('donuts', section);
  console.log(`\nwrote ${file} and the donuts section of bench/README.md`);
}
