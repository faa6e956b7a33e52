// The rooms bench's record: every run (warm-ups too) as JSON in bench/results/, and the generated table of
// bench/README.md's rooms section (medians and ranges over the measured rounds), beside the seed's siege.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { range, spread } from './commerce-report.ts';
import { replaceReadmeSection } from './readme-section.ts';
import type { RoomsOptions } from './rooms-options.ts';
import type { SeedBodyCheck, SiegeResult } from './rooms-siege.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface RoomsRun {
  date: string;
  machine: { cpus: number; model: string | undefined; node: string };
  options: RoomsOptions;
  loadAverageAtStart: number[];
  seedBody: SeedBodyCheck[];
  /** Round 0 is a warm-up: kept here, left out of the table. */
  runs: SiegeResult[];
}

function errorsOf(rounds: SiegeResult[]): string {
  const total: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.errors)) total[k] = (total[k] ?? 0) + v;
  const exhausted = rounds.reduce((n, r) => n + r.poolExhausted, 0);
  const parts = Object.entries(total).map(([k, v]) => `${k} × ${v}`);
  const behind = rounds.reduce((n, r) => n + r.checkedInBehindFailure, 0);
  if (behind > 0) parts.push(`${behind} check-ins answered as failed had happened`);
  if (exhausted > 0) parts.push(`**${exhausted} clients ran out of bookings**`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

export function writeRoomsReport(
  options: RoomsOptions,
  runs: SiegeResult[],
  seedBody: SeedBodyCheck[],
  loadAverageAtStart: number[],
): void {
  const run: RoomsRun = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    options,
    loadAverageAtStart,
    seedBody,
    runs,
  };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `rooms-${run.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);

  const rows = new Map<string, SiegeResult[]>();
  for (const r of runs.filter((x) => x.round > 0)) {
    const key = `${r.runtime}|${r.clients}`;
    rows.set(key, [...(rows.get(key) ?? []), r]);
  }
  const table = [...rows.values()].map((r) => {
    const first = r[0] as SiegeResult;
    return `| ${[
      first.runtime,
      first.clients,
      range(r.map((x) => Math.round(x.seconds))),
      r.length,
      `${spread(
        r.map((x) => x.availability),
        2,
      )} %`,
      `${range(r.map((x) => x.succeeded))} / ${range(r.map((x) => x.attempted))}`,
      spread(
        r.map((x) => x.transactionsPerSec),
        1,
      ),
      spread(r.map((x) => x.transactionMs.p50)),
      spread(r.map((x) => x.transactionMs.p99)),
      `${spread(r.map((x) => x.checkInMs.p50))} / ${spread(r.map((x) => x.checkInMs.p99))}`,
      `${spread(r.map((x) => x.checkOutMs.p50))} / ${spread(r.map((x) => x.checkOutMs.p99))}`,
      errorsOf(r),
      range(r.map((x) => x.loadAverageBefore)),
    ].join(' | ')} |`;
  });
  const checks = seedBody.map((c) => `${c.runtime}: ${c.pass ? 'PASS' : '**FAIL**'} (${c.detail})`);
  console.log(`\n${['| runtime | clients | … |', ...table].join('\n')}`);
  const day = run.date.slice(0, 10);
  const section = [
    '<!-- rooms:start -->',
    `## Rooms: the seed's siege, with valid check-ins (${day})`,
    '',
    '`npm run bench -- rooms [--runtime embedded|distributed|both] [--clients 2,50] [--seconds ' +
      `${options.seconds}] [--rounds ${options.rounds}] [--warmup-seconds ${options.warmupSeconds}]\`: the seed's ` +
      '`siege -c2 -t60S` on `POST /realuses` through the real gateway, each client a member signed in with its own ' +
      'token. A **transaction** is what a member does with a meeting: check in to a CONFIRMED booking of theirs ' +
      '(`POST /realuses {"bookingId"}`, 201) and check out (`PATCH /realuses/{id} {}`, 200); each client does them ' +
      'back to back with no think time, each on a fresh booking (a used booking cannot be checked in again). ' +
      'Before each run the bench makes them as an office would, outside the measured time: the first admin adds ' +
      'rooms, each member books one-second slots starting 9–10 minutes ahead (so every slot is open for check-in ' +
      "at once, 10 minutes' grace, and none is over before the run ends), the admin approves every request from " +
      '`GET /confirms?status=BOOKED`, and the bench waits until booking shows them all CONFIRMED, then 5 s for the ' +
      'notices and views to drain. Bookings per client are 1.5× what the last run at that client count did ' +
      `(first an unmeasured ${options.warmupSeconds} s warm-up run, not in the table); a client that runs out ` +
      'stops and is flagged. A client whose request fails tries the same step again (both are safe to repeat; ' +
      'each failed try counts as a failed transaction, as in siege, and no Retry-After is honoured, as siege ' +
      'honours none); a repeated check-in answering 200 ("already in") is counted as a check-in that was ' +
      'answered as failed but happened. **Availability** = transactions with both answers as expected ÷ transactions ' +
      "attempted (siege's definition, where a transaction was one request); transactions/s over the run's " +
      "wall time; latencies over the successful answers. The 2-client run always lasts 60 s (the seed's), the " +
      `others ${options.seconds} s. ${run.machine.cpus} × ${run.machine.model ?? 'CPU'}, Node ${run.machine.node}; ` +
      'the load tool, the system and (distributed) its database, NATS and Redis share the machine. Load average at ' +
      `start ${loadAverageAtStart.map((n) => n.toFixed(2)).join(' / ')} (1 / 5 / 15 min). Medians and (ranges) ` +
      `over the rounds. Raw numbers: \`bench/results/${file.split('/').at(-1)}\`.`,
    '',
    '| runtime | clients | s | rounds | availability | ok / attempted | transactions/s | transaction p50 ms | transaction p99 ms | check-in p50 / p99 ms | check-out p50 / p99 ms | errors | load avg before |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    '| seed (siege, k8s, Istio rule) | 2 | 59 | 1 | 3.03 % | 7 / 231 | 0.12 | – | – | – | – | 224 failed | – |',
    ...table,
    '',
    `The seed's own body (\`{"status":"READY"}\`, no bookingId), once per runtime, must be a 400 and create no ` +
      `real use: ${checks.join('; ')}.`,
    '<!-- rooms:end -->',
  ].join('\n');
  replaceReadmeSection('rooms', section);
  console.log(`\nwrote ${file} and the rooms table in bench/README.md`);
}

/** The load average now, for the report (1, 5 and 15 minutes). */
export const loadAverageNow = () => loadavg().map((n) => Math.round(n * 100) / 100);
