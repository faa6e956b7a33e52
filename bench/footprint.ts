// `npm run bench -- footprint [--rounds 3] [--idle-seconds 8]`
//
// What a newcomer's `npm start` costs: the time from the command to the start-up table and the memory of the
// process tree once idle, for all five systems in one process (the first start, which creates the databases
// and seeds the demos, then warm starts on the same data), and each system started alone (warm), so its share
// shows. Idle CPU is measured too: a started system that nobody calls should cost next to nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagsOf } from './flags.ts';
import { writeFootprintReport } from './footprint-report.ts';
import { type StartMeasure, startAndMeasure } from './footprint-start.ts';

const SYSTEMS = ['school', 'fishdelivery', 'commerce', 'rooms', 'donuts'] as const;

export async function run(args: string[]): Promise<void> {
  const { whole } = flagsOf(args);
  const rounds = whole('--rounds', 3);
  const idleSeconds = whole('--idle-seconds', 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-footprint-'));
  try {
    console.log('first start of all five (databases created, demos seeded)…');
    const first = await startAndMeasure({ dataDir, systems: [], idleSeconds });
    report('first', first);
    const warm: StartMeasure[] = [];
    const alone = new Map<string, StartMeasure[]>();
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}: warm start of all five…`);
      const all = await startAndMeasure({ dataDir, systems: [], idleSeconds });
      report('warm', all);
      warm.push(all);
      for (const system of SYSTEMS) {
        const one = await startAndMeasure({ dataDir, systems: [system], idleSeconds });
        report(`${system} alone`, one);
        alone.set(system, [...(alone.get(system) ?? []), one]);
      }
    }
    writeFootprintReport({ rounds, idleSeconds, first, warm, alone });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(what: string, m: StartMeasure): void {
  console.log(
    `  ${what}: table after ${(m.tableMs / 1000).toFixed(1)} s, RSS ${m.rssMb} MB after ${m.idleSeconds} s idle, ` +
      `idle CPU ${m.idleCpuPercent.toFixed(1)} %; ${m.systems.map((s) => `${s.name} ${s.readyMs} ms`).join(', ')}`,
  );
}
