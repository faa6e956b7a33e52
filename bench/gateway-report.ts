// The gateway bench's result: a JSON file under bench/results/ and the table in bench/README.md, each row
// compared with nginx's, and the verdict on the goal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAMES, type Options, type Sample } from './gateway-measure.ts';
import { replaceReadmeSection } from './readme-section.ts';
import { vouchCost } from './vouch-cost.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The upstream alone under this many times nginx's req/s: the load tool, not the proxies, set the numbers. */
const LOAD_BOUND_BELOW = 1.5;

/** Writes the run to bench/results/<kind>-<date>.json and its table into bench/README.md, and prints the table. */
export function report(samples: Map<string, Sample[]>, options: Options, exportedSpans: number): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rows = [...samples].map(([name, list]) => ({
    name,
    requestsPerSec: Math.round(mean(list.map((s) => s.requestsPerSec))),
    p50: mean(list.map((s) => s.p50)),
    p99: mean(list.map((s) => s.p99)),
    non2xx: list.reduce((a, s) => a + s.non2xx + s.errors, 0),
    proxyCpuUsPerRequest:
      list[0]?.proxyCpuUsPerRequest === undefined
        ? undefined
        : Math.round(mean(list.map((s) => s.proxyCpuUsPerRequest ?? 0))),
    // Each round's own numbers: on a shared VM they spread widely, and a mean alone hides which side of a goal
    // the rounds fell on.
    rounds: list.map((s) => ({
      requestsPerSec: Math.round(s.requestsPerSec),
      p99: s.p99,
      proxyCpuUsPerRequest: s.proxyCpuUsPerRequest === undefined ? undefined : Math.round(s.proxyCpuUsPerRequest),
    })),
  }));
  const nginx = rows.find((r) => r.name === NAMES.nginx)!;
  const withRatios = rows.map((r) => ({
    ...r,
    vsNginx: {
      requestsPerSec: ratio(r.requestsPerSec, nginx.requestsPerSec),
      p50: ratio(r.p50, nginx.p50),
      p99: ratio(r.p99, nginx.p99),
      proxyCpuUsPerRequest:
        r.proxyCpuUsPerRequest === undefined ? undefined : ratio(r.proxyCpuUsPerRequest, nginx.proxyCpuUsPerRequest!),
    },
  }));
  const date = new Date().toISOString().slice(0, 10);
  const full = withRatios.find((r) => r.name === NAMES.full)!;
  // Issue 18 judges the pipeline against the bare Node proxy of the same run, round by round (the rounds are
  // interleaved, so each pair met the same load on the machine): the median of the per-round ratios.
  const floor = withRatios.find((r) => r.name === NAMES.floor);
  const vsFloor = floor && byRound(full.rounds, floor.rounds);
  // Issue 19: what tracing costs, the traced gateway against the same pipeline untraced, round by round.
  const traced = withRatios.find((r) => r.name === NAMES.traced);
  const tracing = traced && { ...byRound(traced.rounds, full.rounds), exportedSpans };
  const goal = {
    throughputAtLeastHalfOfNginx: (full.vsNginx.requestsPerSec ?? 0) >= 0.5,
    p99AtMost5ms: full.p99 <= 5,
    ...(vsFloor
      ? { fullVsFloor: vsFloor, throughputAtLeast80PercentOfFloor: vsFloor.requestsPerSec.median >= 0.8 }
      : {}),
  };
  // Every authenticated request now carries the gateway's signed vouch (issue #20), checked again at the service.
  const vouch = vouchCost();
  const result = {
    date: new Date().toISOString(),
    vouchUsPerRequest: vouch,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    options: {
      connections: options.connections,
      durationSec: options.durationSec,
      rounds: options.rounds,
      pinned: options.pin,
    },
    rows: withRatios,
    goal,
    ...(tracing ? { tracing } : {}),
  };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const kind = options.pin ? 'gateway-pinned' : 'gateway';
  const file = join(resultsDir, `${kind}-${date}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  // A mean, then the spread of the rounds when there are several: "16619 (14902–18002)".
  const spread = (mean: string, values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    if (known.length < 2) return mean;
    return `${mean} (${Math.min(...known)}–${Math.max(...known)})`;
  };
  const cells = (r: (typeof withRatios)[number]) => [
    r.name,
    spread(
      String(r.requestsPerSec),
      r.rounds.map((x) => x.requestsPerSec),
    ),
    r.p50.toFixed(2),
    spread(
      r.p99.toFixed(2),
      r.rounds.map((x) => x.p99),
    ),
    r.proxyCpuUsPerRequest === undefined
      ? '–'
      : spread(
          String(r.proxyCpuUsPerRequest),
          r.rounds.map((x) => x.proxyCpuUsPerRequest),
        ),
    r.vsNginx.requestsPerSec ?? '–',
    r.vsNginx.p50 ?? '–',
    r.vsNginx.p99 ?? '–',
    r.vsNginx.proxyCpuUsPerRequest ?? '–',
  ];
  const table = [
    '| target | req/s (rounds) | p50 ms | p99 ms (rounds) | proxy CPU µs/req (rounds) | req/s vs nginx | p50 vs nginx | p99 vs nginx | CPU/req vs nginx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...withRatios.map((r) => `| ${cells(r).join(' | ')} |`),
  ].join('\n');
  // The p99 goal is absolute, so it is read beside what nginx and the bare Node proxy reach on the same machine
  // in the same run (the floor, found above): a proxy that does less than either cannot be expected to beat them.
  // When the upstream alone is hardly faster than through nginx, the load tool is near its own limit (e.g. on
  // one core with --pin) and holds every target back: the ratios to nginx then flatter the slower proxies.
  const direct = withRatios.find((r) => r.name === NAMES.direct);
  const loadBound = direct !== undefined && direct.requestsPerSec < LOAD_BOUND_BELOW * nginx.requestsPerSec;
  const verdict =
    `throughput ${goal.throughputAtLeastHalfOfNginx ? 'met' : 'NOT met'} (${full.vsNginx.requestsPerSec}×), ` +
    `p99 ${goal.p99AtMost5ms ? 'met' : 'NOT met'} (${full.p99.toFixed(2)} ms; in the same run nginx's own p99 was ` +
    `${nginx.p99.toFixed(2)} ms${floor ? ` and the bare Node proxy's ${floor.p99.toFixed(2)} ms` : ''})` +
    (loadBound
      ? `; but the upstream alone answered only ${direct.vsNginx.requestsPerSec}× nginx's requests per second, so ` +
        'the load tool, not the proxies, set these numbers'
      : '');
  const section = [
    `<!-- ${kind}:start -->`,
    options.pin ? `### Gateway, proxy on a CPU of its own (${date})` : `## Gateway (${date})`,
    '',
    `\`npm run bench -- gateway${options.pin ? ' --pin' : ''}\`: autocannon, ${options.connections} connections, ${options.durationSec} s × ${options.rounds} interleaved rounds per target, ` +
      `on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ` +
      (options.pin
        ? 'each proxy alone on CPU 1, the load tool and the upstream on CPU 0 (taskset). '
        : 'load tool, upstream and proxy share the machine. ') +
      `Raw numbers: \`bench/results/${kind}-${date}.json\`.`,
    '',
    table,
    '',
    options.pin
      ? `Not the run the goal is judged on (that is the default run above, where the machine is shared as it comes); here: ${verdict}.`
      : `Goal (full pipeline ≥ 0.5× nginx throughput, p99 ≤ 5 ms at ${options.connections} connections): ${verdict}.`,
    '',
    ...(vsFloor
      ? [
          `Against the bare Node proxy in the same run (issue 18: full pipeline ≥ 0.8× its req/s): ` +
            `${goal.throughputAtLeast80PercentOfFloor ? 'met' : 'NOT met'}, ${vsFloor.requestsPerSec.median}× ` +
            `(median of the rounds' ratios, ${vsFloor.requestsPerSec.min}–${vsFloor.requestsPerSec.max}); ` +
            `CPU per request ${vsFloor.cpuUs.full} µs against its ${vsFloor.cpuUs.floor} µs (medians).`,
          '',
        ]
      : []),
    ...(tracing
      ? [
          `Tracing on (every request sampled; its server and client spans exported over OTLP/HTTP JSON to a sink ` +
            `process, ${tracing.exportedSpans} spans received): ${tracing.requestsPerSec.median}× the untraced ` +
            `pipeline's req/s (median of the rounds' ratios, ${tracing.requestsPerSec.min}–${tracing.requestsPerSec.max}); ` +
            `CPU per request ${tracing.cpuUs.full} µs against ${tracing.cpuUs.floor} µs untraced (medians).`,
          '',
        ]
      : []),
    `The vouch the full pipeline signs per authenticated request, timed in the same run: ${vouch.mintUs} µs to sign ` +
      `at the gateway${full.proxyCpuUsPerRequest ? ` (${Math.round((vouch.mintUs / full.proxyCpuUsPerRequest) * 1000) / 10} % of its ${full.proxyCpuUsPerRequest} µs per request)` : ''}, ` +
      `${vouch.readUs} µs to check at the service.`,
    `<!-- ${kind}:end -->`,
  ].join('\n');
  replaceReadmeSection(kind, section);
  console.log(`\n${table}\n\nwrote ${file} and the table in bench/README.md`);
}

interface Round {
  requestsPerSec: number;
  proxyCpuUsPerRequest: number | undefined;
}

/**
 * One target's rounds against another's rounds of the same index (the full pipeline against the floor, the traced
 * pipeline against the untraced): req/s ratios, and the CPU medians of both (`full` is the first, `floor` the base).
 */
function byRound(
  full: readonly Round[],
  floor: readonly Round[],
): { requestsPerSec: { median: number; min: number; max: number }; cpuUs: { full: number; floor: number } } {
  const ratios = full.map((r, i) => r.requestsPerSec / (floor[i]?.requestsPerSec ?? Number.NaN));
  const cpu = (rounds: readonly Round[]) => Math.round(median(rounds.map((r) => r.proxyCpuUsPerRequest ?? 0)));
  return {
    requestsPerSec: {
      median: round(median(ratios)),
      min: round(Math.min(...ratios)),
      max: round(Math.max(...ratios)),
    },
    cpuUs: { full: cpu(full), floor: cpu(floor) },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `value ÷ base`, or undefined (printed '–') when the base is 0: autocannon reports whole milliseconds, so nginx's p50 can be 0. */
function ratio(value: number, base: number | undefined): number | undefined {
  return base ? round(value / base) : undefined;
}
