// One file on purpose: the bench is one procedure (warm up, measure, read the CPU of every process, report) whose steps share its options and results.
// `npm run bench -- saga [--mode embedded|distributed] [--orders 2000] [--concurrency C] [--replicas store=2]
//                        [--pg-seconds 10] [--warmup 2000]`
//
// Posts N orders through the fishdelivery gateway, C at a time, and measures how fast they become `paid`
// in MyPage: orders/s (first POST to last `paid`) and p50/p99 from each POST to its `paid`. The system
// runs in its own process(es); this process is only the load tool. Before the system starts, pgbench
// measures what PostgreSQL alone does on this machine, and the run reports the ratio and where the CPU went.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PARTITIONS } from '@mosaic/kit/messaging';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { summariseProfile } from './cpuprofile.ts';
import { replaceReadmeSection } from './readme-section.ts';
import { commitCounter } from './saga-commits.ts';
import { cpuMeter, enginePids, LOAD_TOOL, NOT_MOSAIC } from './saga-cpu.ts';
import { placeOrders, readPaid } from './saga-load.ts';
import { measurePGlite, type PGliteLimit } from './saga-pglite.ts';
import { measurePostgres, type PostgresLimit } from './saga-postgres.ts';
import { type BenchSystem, type BenchTarget, startDistributed, startEmbedded } from './system-processes.ts';

const FISHDELIVERY: BenchTarget = { system: 'fishdelivery' };

const HERE = dirname(fileURLToPath(import.meta.url));

interface Options {
  mode: 'embedded' | 'distributed';
  orders: number;
  concurrency: number;
  warmup: number;
  replicas?: string;
  pgSeconds: number;
  /** Write a V8 CPU profile of every system process and print where each spent its time. */
  profile: boolean;
}

export interface SagaResult {
  date: string;
  mode: Options['mode'];
  machine: { cpus: number; model: string | undefined; node: string; loadAverageBefore: number };
  options: Options;
  orders: { posted: number; failed: number; paid: number };
  ordersPerSec: number;
  paidLatencyMs: { p50: number; p90: number; p99: number; max: number };
  postLatencyMs: { p50: number; p99: number };
  postgres: PostgresLimit;
  /** orders/s ÷ pgbench tps. */
  ratioToPostgres: number;
  /** Embedded: PGlite's own limit, measured the same way in the same run, and orders/s ÷ its tps. */
  pglite?: PGliteLimit;
  ratioToPGlite?: number;
  /** Database commits per order, by engine (distributed only). */
  commitsPerOrder?: Record<string, number>;
  /** Settings from the environment that change the numbers (bus partitions, how the databases are reached). */
  settings: { busPartitions: number; postgres: 'tcp' | 'unix socket'; mysql: 'tcp' | 'unix socket' };
  /** CPU seconds used during the measured span, per process (or engine). */
  cpuSeconds: Record<string, number>;
  wallSeconds: number;
  goal: { ordersPerSecAtLeast500: boolean; p99Below250ms: boolean };
}

/**
 * Orders in flight when --concurrency is not given. Embedded, one PGlite connection serves every service, so
 * 32 orders in flight queue behind it long enough for payment to miss its 600 ms deadline, its breaker to
 * open and every later order to be turned away: the run would measure the overload, not the saga. 8 keep
 * that one connection busy without it.
 */
const DEFAULT_CONCURRENCY = { embedded: 8, distributed: 32 } as const;

function parse(args: string[]): Options {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const mode = value('--mode') ?? 'distributed';
  if (mode !== 'embedded' && mode !== 'distributed')
    throw new Error(`--mode must be embedded or distributed, got ${mode}`);
  const number = (flag: string, fallback: number) => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got ${raw}`);
    return n;
  };
  const replicas = value('--replicas');
  return {
    mode,
    orders: number('--orders', 2000),
    concurrency: number('--concurrency', DEFAULT_CONCURRENCY[mode]),
    // Steady state: with 200 orders of warm-up, V8's optimising compiler still took 12–20 % of the order
    // service's CPU during the measured run (perf); after 3,000 orders of warm-up a run took 8.2 instead of
    // 9.8 ms of CPU per order.
    warmup: number('--warmup', 2000),
    pgSeconds: number('--pg-seconds', 10),
    profile: args.includes('--profile'),
    ...(replicas ? { replicas } : {}),
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const config = readDistributedConfig();
  // Other work on the machine skews every number here: it is recorded with the result.
  const loadAverageBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  console.log(`PostgreSQL alone first (${options.pgSeconds} s of pgbench, nothing else running)…`);
  const postgres = await measurePostgres(config.urls.postgres, options.pgSeconds);
  console.log(`  ${postgres.tps} tps (${postgres.detail})`);
  let pglite: PGliteLimit | undefined;
  if (options.mode === 'embedded') {
    console.log(`PGlite alone (${options.pgSeconds} s of pgbench -N's transaction, one at a time)…`);
    pglite = await measurePGlite(options.pgSeconds);
    console.log(`  ${pglite.tps} tps, ${pglite.cpuMsPerTransaction} ms of CPU per transaction`);
  }

  console.log(`starting fishdelivery (${options.mode})…`);
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'mosaic-saga-profile-')) : undefined;
  const profileEnv: Record<string, string> = profileDir
    ? { MOSAIC_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${profileDir}` }
    : {};
  const system: BenchSystem =
    options.mode === 'embedded'
      ? await startEmbedded(FISHDELIVERY, profileEnv)
      : await startDistributed(FISHDELIVERY, options.replicas, profileEnv);
  let result: SagaResult;
  try {
    console.log(`warming up with ${options.warmup} orders…`);
    const warmup = await placeOrders(system.gatewayUrl, options.warmup, options.concurrency);
    if (warmup.failures.length > 0) {
      console.log(`  ${warmup.failures.length} warm-up orders were turned away, e.g. ${warmup.failures[0]}`);
    }

    // The engines' processes are looked up at each snapshot: PostgreSQL backends come and go with the pools.
    const meter = cpuMeter(() => ({
      ...Object.fromEntries(Object.entries(system.processes).map(([n, p]) => [n, [p]])),
      ...enginePids(),
    }));
    const commits = system.namespace ? commitCounter(config.urls, system.namespace) : undefined;
    await commits?.start();
    const loadCpuBefore = process.cpuUsage();
    meter.start();
    console.log(`posting ${options.orders} orders, ${options.concurrency} at a time…`);
    const load = await placeOrders(system.gatewayUrl, options.orders, options.concurrency);
    if (load.placed.length === 0) {
      throw new Error(
        `every one of the ${options.orders} orders was turned away, so there is nothing to measure; the first ` +
          `answer: ${load.failures[0]}. With ${options.concurrency} in flight the system was overloaded: try a ` +
          'lower --concurrency.',
      );
    }
    const paid = await readPaid(
      system.gatewayUrl,
      load.placed.map((p) => p.orderId),
      120_000,
    );
    const cpu = meter.stop();
    const loadCpu = process.cpuUsage(loadCpuBefore);
    cpu[LOAD_TOOL] = Math.round(((loadCpu.user + loadCpu.system) / 1e6) * 100) / 100;
    const committed = await commits?.stop();

    const startedAt = Math.min(...load.placed.map((p) => p.startedAt));
    const lastPaid = Math.max(...paid.values());
    const latencies = load.placed
      .map((p) => (paid.get(p.orderId) ?? Number.NaN) - p.startedAt)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const postLatencies = load.placed.map((p) => p.respondedAt - p.startedAt).sort((a, b) => a - b);
    const wallSeconds = (lastPaid - startedAt) / 1000;
    const ordersPerSec = Math.round(paid.size / wallSeconds);
    const paidLatencyMs = {
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
      max: Math.round(latencies.at(-1) ?? 0),
    };
    result = {
      date: new Date().toISOString(),
      mode: options.mode,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageBefore },
      options,
      orders: { posted: options.orders, failed: load.failures.length, paid: paid.size },
      ordersPerSec,
      paidLatencyMs,
      postLatencyMs: { p50: percentile(postLatencies, 0.5), p99: percentile(postLatencies, 0.99) },
      postgres,
      ratioToPostgres: Math.round((ordersPerSec / postgres.tps) * 1000) / 1000,
      ...(pglite ? { pglite, ratioToPGlite: Math.round((ordersPerSec / pglite.tps) * 1000) / 1000 } : {}),
      ...(committed
        ? {
            commitsPerOrder: Object.fromEntries(
              Object.entries(committed).map(([engine, n]) => [engine, Math.round((n / options.orders) * 10) / 10]),
            ),
          }
        : {}),
      settings: {
        busPartitions: config.busPartitions ?? DEFAULT_PARTITIONS,
        postgres: /[?&]host=\//.test(config.urls.postgres) ? 'unix socket' : 'tcp',
        mysql: /[?&]socketPath=/.test(config.urls.mysql) ? 'unix socket' : 'tcp',
      },
      cpuSeconds: cpu,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      goal: { ordersPerSecAtLeast500: ordersPerSec >= 500, p99Below250ms: paidLatencyMs.p99 < 250 },
    };
    if (load.failures.length > 0) console.log(`  ${load.failures.length} orders failed, e.g. ${load.failures[0]}`);
  } finally {
    await system.stop();
  }
  report(result);
  if (profileDir) printProfiles(profileDir, system.processes);
}

/** Where each process spent its CPU (whole life: start-up and warm-up included), from its V8 profile. */
function printProfiles(dir: string, processes: Record<string, number>): void {
  const names = new Map(Object.entries(processes).map(([name, pid]) => [pid, name]));
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: a process may write one per thread (PGlite, tsx).
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const [, , , pid, thread] = file.split('.');
    const name = names.get(Number(pid));
    if (!name) continue; // the supervisor's own
    const summary = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    console.log(`\n== ${name} (pid ${pid}, thread ${thread})\n${summary}`);
  }
  console.log(`\nprofiles: ${dir}`);
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
}

/** Writes the JSON, prints the summary and rewrites the saga section of bench/README.md from the latest runs. */
function report(result: SagaResult): void {
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `saga-${result.mode}-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const cpuTotal = Object.values(result.cpuSeconds).reduce((a, b) => a + b, 0);
  console.log(
    `\n${result.mode}: ${result.ordersPerSec} orders/s to paid; paid p50 ${result.paidLatencyMs.p50} ms, ` +
      `p99 ${result.paidLatencyMs.p99} ms; POST p50 ${result.postLatencyMs.p50} ms, p99 ${result.postLatencyMs.p99} ms; ` +
      `${result.orders.failed} failed`,
  );
  console.log(
    `PostgreSQL alone: ${result.postgres.tps} tps → ratio ${result.ratioToPostgres} orders per pgbench transaction`,
  );
  if (result.pglite) {
    console.log(
      `PGlite alone: ${result.pglite.tps} tps (${result.pglite.cpuMsPerTransaction} ms CPU each) → ratio ${result.ratioToPGlite} orders per PGlite transaction`,
    );
  }
  if (result.commitsPerOrder) console.log(`database commits per order: ${JSON.stringify(result.commitsPerOrder)}`);
  console.log(
    `CPU over ${result.wallSeconds} s on ${result.machine.cpus} cores (${Math.round(cpuTotal * 10) / 10} CPU-s in all, ` +
      `${cpuPerOrder(result)} ms per order):`,
  );
  for (const [name, seconds] of Object.entries(result.cpuSeconds).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${name.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round((seconds / cpuTotal) * 100)}%`);
  }
  const floor = engineFloor(result);
  if (floor) {
    console.log(
      `the engines and the load tool alone: ${floor.msPerOrder} ms of CPU per order, so even if every Mosaic ` +
        `process cost nothing this machine would top out at ${floor.ceiling} orders/s`,
    );
  }
  writeReadmeSection(resultsDir, result);
  console.log(`\nwrote ${file} and the saga table in bench/README.md`);
}

function cpuPerOrder(r: SagaResult): number {
  const total = Object.values(r.cpuSeconds).reduce((a, b) => a + b, 0);
  return Math.round((total / Math.max(1, r.orders.paid)) * 10_000) / 10;
}

/**
 * What the run costs outside Mosaic's processes (PostgreSQL, MariaDB, NATS, Redis and the load tool), and the
 * orders/s the machine's cores could give if Mosaic's own processes cost no CPU at all: an upper bound that
 * making those processes cheaper cannot lift; only fewer or cheaper engine operations per order can. Distributed
 * only; embedded, the database runs inside the one Mosaic process.
 */
function engineFloor(r: SagaResult): { msPerOrder: number; ceiling: number } | undefined {
  if (r.mode !== 'distributed' || r.orders.paid === 0) return undefined;
  const seconds = NOT_MOSAIC.reduce((sum, name) => sum + (r.cpuSeconds[name] ?? 0), 0);
  const msPerOrder = (seconds / r.orders.paid) * 1000;
  if (msPerOrder <= 0) return undefined;
  return { msPerOrder: Math.round(msPerOrder * 10) / 10, ceiling: Math.round((r.machine.cpus * 1000) / msPerOrder) };
}

function floorCell(r: SagaResult): string {
  const floor = engineFloor(r);
  return floor ? `${floor.msPerOrder} (${floor.ceiling})` : '–';
}

/** The latest run of each configuration (mode, concurrency, partitions, how the databases are reached). */
function writeReadmeSection(resultsDir: string, result: SagaResult): void {
  const latest = new Map<string, SagaResult>();
  for (const name of readdirSync(resultsDir)
    .filter((n) => n.startsWith('saga-'))
    .sort()) {
    const saved = JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as SagaResult;
    const via = saved.mode === 'embedded' ? 'PGlite' : saved.settings.postgres;
    latest.set(`${saved.mode}|${saved.options.concurrency}|${saved.settings.busPartitions}|${via}`, saved);
  }
  const runs = [...latest.values()].sort((a, b) => a.mode.localeCompare(b.mode) || a.ordersPerSec - b.ordersPerSec);
  const distributed = runs.filter((r) => r.mode === 'distributed');
  const fastest = [...distributed].sort((a, b) => b.ordersPerSec - a.ordersPerSec)[0];
  const steadiest = [...distributed].sort((a, b) => a.paidLatencyMs.p99 - b.paidLatencyMs.p99)[0];
  const rows = runs.map((r) =>
    [
      r.mode,
      r.mode === 'embedded'
        ? 'PGlite in the one process'
        : `${r.settings.postgres}/${r.settings.mysql}, ${r.settings.busPartitions} partitions`,
      r.options.orders,
      r.options.concurrency,
      r.ordersPerSec,
      r.paidLatencyMs.p50,
      r.paidLatencyMs.p99,
      r.postLatencyMs.p50,
      r.postLatencyMs.p99,
      r.orders.failed,
      cpuPerOrder(r),
      floorCell(r),
      r.pglite ? `${r.postgres.tps}; PGlite ${r.pglite.tps}` : r.postgres.tps,
      r.pglite ? `${r.ratioToPostgres}; PGlite ${r.ratioToPGlite}` : r.ratioToPostgres,
      r.machine.loadAverageBefore,
    ].join(' | '),
  );
  const target =
    fastest && steadiest
      ? `${distributed.some((r) => r.goal.ordersPerSecAtLeast500 && r.goal.p99Below250ms) ? 'met' : 'NOT met'}. Highest throughput ${fastest.ordersPerSec} orders/s (paid p99 ${fastest.paidLatencyMs.p99} ms); ` +
        `lowest paid p99 ${steadiest.paidLatencyMs.p99} ms (${steadiest.ordersPerSec} orders/s)`
      : 'no distributed run yet';
  const ceilings = distributed.map((r) => engineFloor(r)?.ceiling).filter((c): c is number => c !== undefined);
  const highestCeiling = Math.max(...ceilings);
  const ceilingNote =
    ceilings.length > 0
      ? ` The engines and the load tool alone allow at most ${highestCeiling} orders/s in these runs` +
        (highestCeiling < 500 ? ", below the target even if Mosaic's processes cost nothing." : '.')
      : '';
  const section = [
    '<!-- saga:start -->',
    '## Saga: orders to MyPage `paid`',
    '',
    '`npm run bench -- saga [--mode embedded|distributed] [--orders N] [--concurrency C] [--warmup W] [--profile]`: ' +
      'W orders to warm the processes up (not measured), then N orders through the fishdelivery gateway, C in flight (default 32 distributed, 8 embedded); orders/s from the first POST to the last order `paid` in ' +
      "MyPage, latency from each POST to its `paid` (MyPage's `updatedAt`, server clock, same machine; an upper " +
      'bound when a late `OrderPlaced` fills in details after `paid`). PostgreSQL alone is measured first with ' +
      `pgbench (-N, 8 clients); embedded, PGlite alone too, with pgbench -N's transaction one at a time through Kysely. ${result.machine.cpus} × ${result.machine.model ?? 'CPU'}; the load tool, every ` +
      'process and every engine share the machine. Raw numbers: `bench/results/saga-*.json`.',
    '',
    '| mode | databases, bus | orders | concurrency | orders/s | paid p50 ms | paid p99 ms | POST p50 ms | POST p99 ms | failed | CPU ms per order | engines + load tool ms per order (ceiling orders/s) | pgbench tps | orders/s ÷ tps | load avg before |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `Target (distributed ≥ 500 orders/s with paid p99 < 250 ms): ${target}.${ceilingNote} "CPU ms per order" adds up every ` +
      'process and engine during the run; "engines + load tool" is the part of it spent outside Mosaic\'s own ' +
      'processes (PostgreSQL, MariaDB, NATS, Redis, the load tool), and its ceiling the orders/s the cores would ' +
      'allow if every Mosaic process cost nothing; "load avg before" is the 1-minute load average when the run started ' +
      '(other work on this shared machine takes CPU from the run).',
    '<!-- saga:end -->',
  ].join('\n');
  replaceReadmeSection('saga', section);
}
