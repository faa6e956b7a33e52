import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from './system-processes.ts';

const CLI = join(import.meta.dirname, '../packages/cli/src/main.ts');
const CLOCK_TICKS_PER_SECOND = 100;

export interface StartMeasure {
  /** From spawning `mosaic up` to its start-up table. */
  tableMs: number;
  /** Each system's own "ready in" line. */
  systems: { name: string; readyMs: number }[];
  /** The process tree's resident memory once idle for `idleSeconds`. */
  rssMb: number;
  idleSeconds: number;
  /** CPU of the tree while idle, in % of one core. */
  idleCpuPercent: number;
}

/** Starts `mosaic up [systems…] --data <dataDir>` as `npm start` does, and measures it; then stops it. */
export async function startAndMeasure(options: {
  dataDir: string;
  systems: readonly string[];
  idleSeconds: number;
}): Promise<StartMeasure> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'up', ...options.systems, '--data', options.dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOSAIC_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const tableMs = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Mosaic is up')) {
          clearInterval(timer);
          resolve(performance.now() - started);
        }
      }, 20);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`mosaic up exited (${code}) before its table:\n${output.slice(-2_000)}`));
      });
    });
    const pid = child.pid as number;
    const cpuBefore = treeCpuTicks(pid);
    await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1_000));
    const idleTicks = treeCpuTicks(pid) - cpuBefore;
    return {
      tableMs: Math.round(tableMs),
      // A first start prints the system's demo and admin lines between its "starting" and its "ready in".
      systems: [...output.matchAll(/starting (\w+)…[\s\S]*?ready in (\d+) ms/g)].map((m) => ({
        name: m[1]!,
        readyMs: Number(m[2]),
      })),
      rssMb: Math.round(treeRssKb(pid) / 1024),
      idleSeconds: options.idleSeconds,
      idleCpuPercent: (idleTicks / CLOCK_TICKS_PER_SECOND / options.idleSeconds) * 100,
    };
  } finally {
    await stopChild(child, 'SIGTERM');
  }
}

/** The pid and every descendant (tsx's esbuild service is a child of the process). */
function tree(pid: number): number[] {
  const children = readText(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(tree)];
}

function treeRssKb(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(readText(`/proc/${p}/status`))?.[1] ?? 0), 0);
}

function treeCpuTicks(pid: number): number {
  return tree(pid).reduce((sum, p) => {
    // utime and stime are the 14th and 15th fields, after the command name in parentheses.
    const fields = readText(`/proc/${p}/stat`).split(') ')[1]?.split(' ') ?? [];
    return sum + Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }, 0);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
