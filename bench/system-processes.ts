import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { dropNamespace, freshNamespace } from '@mosaic/kit/testing';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '../packages/cli/src/main.ts');

/** The two ways Mosaic runs a system (DESIGN §2). */
export type Runtime = 'embedded' | 'distributed';

/** Which system a bench runs, and how. */
export interface BenchTarget {
  /** As `mosaic up` names it: `fishdelivery`, `commerce`. */
  system: string;
  /** More `mosaic up --distributed` flags, e.g. `--no-demo`. */
  upFlags?: readonly string[];
}

/** A system running for a benchmark, in its own process(es), never in the load tool's. */
export interface BenchSystem {
  gatewayUrl: string;
  /** Process name → pid, for the CPU breakdown. */
  processes: Record<string, number>;
  /** The distributed namespace (its databases are `<namespace><system>_<service>`). */
  namespace?: string;
  /** Embedded: the data directory (settings and the system key are files in it) and each service's URL. */
  dataDir?: string;
  services?: Record<string, string>;
  stop(): Promise<void>;
}

/** What bench/embedded-child.ts reports once the system listens. */
interface EmbeddedReady {
  url: string;
  pid: number;
  services: Record<string, string>;
}

/** Embedded: one process, PGlite on disk in a temp dir (as `npm start` keeps it under .mosaic/). */
export async function startEmbedded(target: BenchTarget, extraEnv: Record<string, string> = {}): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-bench-'));
  const nodeArgs = (extraEnv.MOSAIC_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(HERE, 'embedded-child.ts'), target.system, dataDir],
    {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ready = await new Promise<EmbeddedReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as EmbeddedReady));
    child.once('exit', (code) =>
      reject(new Error(`the embedded ${target.system} exited (${code}) before it was ready`)),
    );
  });
  return {
    gatewayUrl: ready.url,
    processes: { 'mosaic (everything)': ready.pid },
    dataDir,
    services: ready.services,
    async stop() {
      await stopChild(child, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Distributed: `mosaic up --distributed` (one process per service replica and the gateway) under a fresh
 * namespace on the real engines; everything it created is dropped afterwards.
 */
export async function startDistributed(
  target: BenchTarget,
  replicas: string | undefined,
  extraEnv: Record<string, string> = {},
): Promise<BenchSystem> {
  const namespace = freshNamespace();
  const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-bench-'));
  const { system } = target;
  const args = ['--import', 'tsx', CLI, 'up', '--distributed', system, '--ephemeral', ...(target.upFlags ?? [])];
  if (replicas) args.push('--replicas', replicas);
  const env = {
    ...process.env,
    MOSAIC_NAMESPACE: namespace,
    MOSAIC_DATA: dataDir,
    MOSAIC_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const supervisor = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const state = new Map<string, { pid: number; port: number; ready: boolean }>();
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    supervisor.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Status lines: `fishdelivery/store#1 pid=123 port=40123 ready=yes restarts=0 state=ready`.
      for (const line of out.split('\n')) {
        const match = /^(\S+) pid=(\S+) port=(\S+) ready=(yes|no)/.exec(line);
        if (match) {
          state.set(match[1] as string, { pid: Number(match[2]), port: Number(match[3]), ready: match[4] === 'yes' });
        }
      }
      const all = [...state.values()];
      if (state.has(`${system}/gateway`) && all.every((s) => s.ready)) resolve();
    });
    supervisor.once('exit', (code) => reject(new Error(`mosaic up --distributed exited (${code}):\n${out}`)));
  });
  await ready;
  const gateway = state.get(`${system}/gateway`);
  return {
    gatewayUrl: `http://127.0.0.1:${gateway?.port}`,
    processes: Object.fromEntries([...state].map(([name, s]) => [name.replace(`${system}/`, ''), s.pid])),
    namespace,
    async stop() {
      await stopChild(supervisor, 'SIGINT');
      rmSync(dataDir, { recursive: true, force: true });
      await dropNamespace(readDistributedConfig(env));
    },
  };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
