// The commerce bench's record: the raw bursts as JSON in bench/results/, a summary on the console, and the
// generated table of bench/README.md's commerce section (medians and ranges over the measured rounds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from './commerce-options.ts';
import type { BurstResult } from './commerce-round.ts';
import { replaceReadmeSection } from './readme-section.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface CommerceRun {
  date: string;
  machine: { cpus: number; model: string | undefined; node: string };
  options: Options;
  bursts: BurstResult[];
}

interface Row {
  runtime: string;
  orders: number;
  stocks: string;
  concurrency: number;
  rounds: BurstResult[];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** "median (min–max)", or the one value; `decimals` for values below ~20 (CPU ms). */
export function spread(values: number[], decimals = 0): string {
  if (values.length === 0) return '–';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const m = Math.round(median(values) * 10 ** decimals) / 10 ** decimals;
  return lo === hi ? String(m) : `${m} (${lo}–${hi})`;
}

/** "15" or "2–185": counts that depend on timing are given as their range. */
export const range = (values: number[]) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};

/** Median seconds of a time that may be missing in some rounds ("–" when missing in all). */
const seconds = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? '–' : (median(known) / 1000).toFixed(1);
};

const cpuTotal = (r: BurstResult) => Object.values(r.cpuMsPerOrder).reduce((a, b) => a + b, 0);

function rowsOf(bursts: BurstResult[]): Row[] {
  const rows = new Map<string, Row>();
  for (const b of bursts.filter((x) => x.round > 0)) {
    const key = `${b.runtime}|${b.orders}`;
    const row = rows.get(key) ?? {
      runtime: b.runtime,
      orders: b.orders,
      stocks: `${b.stocks.p4} / ${b.stocks.p5}`,
      concurrency: b.concurrency,
      rounds: [],
    };
    row.rounds.push(b);
    rows.set(key, row);
  }
  return [...rows.values()];
}

function verdict(rounds: BurstResult[]): string {
  const failing = rounds.filter((r) => r.checks.some((c) => !c.pass));
  const checks = rounds[0]?.checks.length ?? 0;
  if (failing.length === 0) return `PASS (${checks} checks × ${rounds.length})`;
  const names = new Set(failing.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => c.name)));
  return `**FAIL** in ${failing.length} of ${rounds.length}: ${[...names].join('; ')}`;
}

export function writeCommerceReport(options: Options, bursts: BurstResult[]): void {
  const run: CommerceRun = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    options,
    bursts,
  };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `commerce-${run.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);

  const rows = rowsOf(bursts);
  const table = rows.map((row) => {
    const r = row.rounds;
    const split = `${range(r.map((x) => x.split.reserved))} / ${range(r.map((x) => x.split.rejected))} / ${range(r.map((x) => x.split.refused))}`;
    return `| ${[
      row.runtime,
      row.orders,
      row.stocks,
      row.concurrency,
      r.length,
      spread(r.map((x) => x.ordersPerSec)),
      spread(r.map((x) => x.postMs.p50)),
      spread(r.map((x) => x.postMs.p99)),
      spread(r.map((x) => x.outcomeMs.p99)),
      spread(r.map((x) => x.pollMs)),
      `${seconds(r.map((x) => x.soldOutMs))} / ${seconds(r.map((x) => x.firstRefusalMs))}`,
      split,
      spread(
        r.map((x) => Math.round(cpuTotal(x) * 10) / 10),
        1,
      ),
      verdict(r),
      range(r.map((x) => x.loadAverageBefore)),
    ].join(' | ')} |`;
  });
  console.log(`\n${['| runtime | orders | … |', ...table].join('\n')}`);
  const day = run.date.slice(0, 10);
  const section = [
    '<!-- commerce:start -->',
    `## Commerce: the seed's order burst to its final outcome (${day})`,
    '',
    '`npm run bench -- commerce [--runtime embedded|distributed|both] [--sizes 200,2000] [--rounds 3] [--warmup 200] ' +
      "[--concurrency C|all] [--shoppers 20] [--poll-ms 100] [--timeout-s 300] [--profile]`: the seed's KafkaTestMulti200 through the real gateway with real " +
      'accounts (the supervisor opens the catalog and a seller, the seller puts two products on SELL, ' +
      `${options.shoppers} users sign up, log in and add an address), on each runtime: N orders of product 4 × 2 + ` +
      "product 5 × 1, spread over the users; the seed's 200 all at once, a larger burst 16 in flight embedded and 32 " +
      'distributed (the "in flight" column; `--concurrency` changes it). Fresh products per ' +
      "burst; the burst starts once order's copy sells both (a probe order that cannot be placed). Stocks scale " +
      'with N (3N/20 and N/10: 30/20 and 300/200), so exactly 3N/40 orders are reserved (15, 150) and product 5 ends ' +
      'N/40 (5, 50). **orders/s** = N ÷ (first POST → last outcome); an outcome is the 409 answer of a refused ' +
      "order, or the first poll of the users' order lists (every `poll` ms plus the round's own time) that shows " +
      'RESERVED or REJECT: so outcome times are upper bounds by up to one poll round, and the polls are load on ' +
      'the system too. POST latencies are over all N answers; the split is reserved / rejected later / refused at ' +
      'once (ranges over the rounds); "p4 at 0 / first 409" is when a poll first showed product 4 at stock 0 and ' +
      "when order first refused an order for it at once (from the first POST; after the burst, a probe order), i.e. how long order's copy of the product took to learn it was sold out; " +
      `CPU is every Mosaic process (and, distributed, PostgreSQL, MariaDB, NATS, Redis) plus the load tool, per order. ${options.warmup > 0 ? `One warm-up burst of ${options.warmup} orders before the rounds (checked, not in the table).` : 'No warm-up burst.'} ` +
      `${run.machine.cpus} × ${run.machine.model ?? 'CPU'}, Node ${run.machine.node}; the load tool, the system and the engines share ` +
      `the machine. Medians and (ranges) over the rounds. Raw numbers: \`bench/results/${file.split('/').at(-1)}\`.`,
    '',
    '| runtime | orders | stock p4 / p5 | in flight | rounds | orders/s to outcome | POST p50 ms | POST p99 ms | outcome p99 ms | poll round ms | p4 at 0 / first 409, s | reserved / rejected / refused | CPU ms per order | invariants | load avg before |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...table,
    '',
    'Invariants checked after every burst: exactly 3N/40 reserved; product 4 ends 0 and SOLD_OUT; product 5 ends ' +
      'N/40 and SELL; every order RESERVED (lines ORDER), REJECT out-of-stock naming product 4 (every line), or ' +
      'refused 409 product-sold-out, and no other answer; reserved + rejected + refused = N; the shop holds exactly ' +
      'the orders answered 201 (none placed behind a 5xx); no stock below 0 (sampled at every poll and at the end: ' +
      'a sample, not every value; the first checks, which add up every unit, are what rule out an oversell); ' +
      'a later order for product 4 is refused at once (409).',
    '<!-- commerce:end -->',
  ].join('\n');
  replaceReadmeSection('commerce', section);
  console.log(`\nwrote ${file} and the commerce table in bench/README.md`);
}
