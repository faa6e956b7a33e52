import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { ChildReport } from '../process-life.ts';
import type { ProcessSpec } from './plan.ts';

export type Phase = 'starting' | 'ready' | 'backoff' | 'stopping' | 'stopped';

/** What the status table shows for one process. */
export interface ChildStatus {
  readonly spec: ProcessSpec;
  phase: Phase;
  pid?: number;
  port?: number;
  url?: string;
  restarts: number;
  /** How the last run ended, e.g. `SIGKILL` or `exit 1`. */
  lastExit?: string;
  /** Epoch ms of the next start, while in backoff. */
  nextStartAt?: number;
}

export interface ChildOptions {
  /** The CLI entry the child runs: `node --import tsx <main> <spec.args…>`. */
  main: string;
  env: NodeJS.ProcessEnv;
  /** The child's stdout and stderr are appended here. */
  logFile: string;
  onChange(status: ChildStatus): void;
}

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A run this long is a success: the next crash starts the backoff again from the first step. */
const STABLE_AFTER_MS = 30_000;

/**
 * One supervised process: started, watched, restarted after a crash with exponential backoff (0.5 s, 1 s,
 * 2 s … 30 s), and stopped with SIGTERM (SIGKILL when it does not stop in time).
 */
export function superviseChild(spec: ProcessSpec, options: ChildOptions) {
  const status: ChildStatus = { spec, phase: 'starting', restarts: 0 };
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let crashesInARow = 0;
  let retry: NodeJS.Timeout | undefined;
  let stopping = false;

  const changed = () => options.onChange(status);

  function start(): void {
    if (stopping) return;
    const startedAt = Date.now();
    status.phase = 'starting';
    delete status.port;
    delete status.url;
    delete status.nextStartAt;
    // MOSAIC_NODE_ARGS: flags for every child's node, e.g. `--max-old-space-size=256` or `--cpu-prof`.
    const nodeArgs = (options.env.MOSAIC_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const started = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', options.main, ...spec.args], {
      env: { ...options.env, MOSAIC_PORT: String(spec.port) },
      stdio: ['ignore', log, log, 'ipc'],
      // Its own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops children in order.
      detached: true,
    });
    child = started;
    if (started.pid !== undefined) status.pid = started.pid;
    started.on('message', (message: ChildReport) => {
      if (message.type !== 'ready') return;
      status.phase = 'ready';
      status.port = message.port;
      status.url = message.url;
      changed();
    });
    exited = new Promise((resolve) => {
      started.once('exit', (code, signal) => {
        child = undefined;
        status.lastExit = signal ?? `exit ${code}`;
        delete status.pid;
        delete status.port;
        if (stopping) {
          status.phase = 'stopped';
          changed();
          resolve();
          return;
        }
        crashesInARow = Date.now() - startedAt >= STABLE_AFTER_MS ? 1 : crashesInARow + 1;
        const delayMs = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (crashesInARow - 1));
        status.restarts++;
        status.phase = 'backoff';
        status.nextStartAt = Date.now() + delayMs;
        changed();
        retry = setTimeout(start, delayMs);
        resolve();
      });
    });
    changed();
  }

  return {
    status,
    start,
    /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      clearTimeout(retry);
      const running = child;
      if (running) {
        status.phase = 'stopping';
        changed();
        running.kill('SIGTERM');
        const killer = setTimeout(() => running.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      } else {
        status.phase = 'stopped';
        changed();
      }
      closeSync(log);
    },
    /** At once, no grace: a second Ctrl-C. */
    kill(): void {
      stopping = true;
      clearTimeout(retry);
      child?.kill('SIGKILL');
    },
  };
}

export type SupervisedChild = ReturnType<typeof superviseChild>;
