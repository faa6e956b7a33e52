// The footprint bench's record: the run as JSON in bench/results/, and the generated table of bench/README.md's
// footprint section (medians and ranges over the warm rounds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { median, spread } from './commerce-report.ts';
import type { StartMeasure } from './footprint-start.ts';
import { replaceReadmeSection } from './readme-section.ts';

export interface FootprintRun {
  rounds: number;
  idleSeconds: number;
  first: StartMeasure;
  warm: StartMeasure[];
  alone: Map<string, StartMeasure[]>;
}

const GOAL = { tableSeconds: 5, rssMb: 600 };

export function writeFootprintReport(run: FootprintRun): void {
  const date = new Date().toISOString();
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = `footprint-${date.replace(/[:.]/g, '-')}.json`;
  const record = {
    date,
    machine: cpus()[0]?.model,
    loadAverage: loadavg(),
    ...run,
    alone: Object.fromEntries(run.alone),
  };
  writeFileSync(join(resultsDir, file), `${JSON.stringify(record, null, 2)}\n`);

  const seconds = (ms: number[]) =>
    spread(
      ms.map((m) => Math.round(m / 100) / 10),
      1,
    );
  const row = (what: string, measures: StartMeasure[]) =>
    `| ${what} | ${seconds(measures.map((m) => m.tableMs))} | ${spread(measures.map((m) => m.rssMb))} | ` +
    `${spread(
      measures.map((m) => Math.round(m.idleCpuPercent * 10) / 10),
      1,
    )} |`;
  const readyOf = (name: string) => run.warm.map((m) => m.systems.find((s) => s.name === name)?.readyMs ?? 0);
  const tableMs = run.warm.map((m) => m.tableMs);
  const rss = run.warm.map((m) => m.rssMb);
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const section = [
    '<!-- footprint:start -->',
    `## Footprint: \`npm start\` (${date.slice(0, 10)})`,
    '',
    `\`npm run bench -- footprint [--rounds ${run.rounds}] [--idle-seconds ${run.idleSeconds}]\`: \`mosaic up --data <temp>\` as \`npm start\` runs it, ` +
      `from the command to its start-up table, and the resident memory of its process tree after ${run.idleSeconds} s idle ` +
      `(and the CPU it used meanwhile, in % of one core). The first start creates the databases and seeds the demos; ` +
      `the warm starts reuse them, ${run.rounds} rounds. ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ` +
      `${loadavg()[0]?.toFixed(1)} at the end. Raw numbers: \`bench/results/${file}\`.`,
    '',
    '| start | to the table, s | RSS after idle, MB | idle CPU, % of a core |',
    '|---|---:|---:|---:|',
    row('all five, first start', [run.first]),
    row('all five, warm', run.warm),
    ...[...run.alone].map(([name, measures]) => row(`${name} alone, warm`, measures)),
    '',
    `Each system's own "ready in" within the warm starts of all five (ms): ${[...run.alone.keys()]
      .map((name) => `${name} ${spread(readyOf(name))}`)
      .join(', ')}.`,
    '',
    `Goal (all five, warm: ≤ ${GOAL.tableSeconds} s, ≤ ${GOAL.rssMb} MB): time ${verdict(
      median(tableMs) <= GOAL.tableSeconds * 1_000,
    )} (${(median(tableMs) / 1000).toFixed(1)} s), memory ${verdict(median(rss) <= GOAL.rssMb)} (${Math.round(median(rss))} MB).`,
    '<!-- footprint:end -->',
  ].join('\n');
  replaceReadmeSection('footprint', section);
  console.log(`wrote bench/results/${file} and the footprint table in bench/README.md`);
}
