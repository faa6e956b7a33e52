import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EngineKind, engineMissingMessage, engineUrlsFrom } from '../runtime/distributed-config.ts';
import { probeEngine } from '../runtime/engine-probe.ts';

export type { EngineKind };
export type EngineUrls = Record<EngineKind, string>;

/** Where the engine tests find each engine: the same variables and defaults as the distributed runtime. */
export function engineUrls(env: NodeJS.ProcessEnv = process.env): EngineUrls {
  return engineUrlsFrom(env);
}

/** One line naming the engine, where it was looked for and how to start it (the runtime's own words). */
export function engineMissingLine(kind: EngineKind, urls: EngineUrls = engineUrls()): string {
  return engineMissingMessage(kind, urls[kind]);
}

/**
 * True when the engine answers its own protocol (not merely an open port): PostgreSQL and MySQL run
 * `select 1`, NATS answers with JetStream enabled, Redis answers PING.
 */
export async function engineAvailable(kind: EngineKind, urls: EngineUrls = engineUrls()): Promise<boolean> {
  try {
    await probeEngine(kind, urls[kind]);
    return true;
  } catch {
    return false;
  }
}

/** True when CI asked for every engine: a missing one fails instead of skipping (DESIGN §8). */
export function enginesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MOSAIC_ENGINES === 'required';
}

/** A program a suite runs itself (not an engine it connects to), e.g. Debian's `prometheus`. */
export interface RequiredProgram {
  name: string;
  /** Where it is looked for: an absolute path, so the test runs the machine's own binary. */
  path: string;
  /** How to get it, for the line a missing one prints. */
  install: string;
}

/**
 * Declares a suite that needs real engines (use with top-level await in the test file), and the programs it
 * runs, if any. All there: the suite runs. One missing: with MOSAIC_ENGINES=required the suite fails with one
 * line per missing engine or program; otherwise it is skipped and the same line is printed, so nobody mistakes
 * a skip for a pass.
 */
export async function describeWithEngines(
  kinds: EngineKind | readonly EngineKind[],
  name: string,
  body: () => void,
  programs: readonly RequiredProgram[] = [],
): Promise<void> {
  // Loaded here, not at the top: the runtime imports this module (engineUrls, engineAvailable) without vitest.
  const { describe, it } = await import('vitest');
  const wanted = typeof kinds === 'string' ? [kinds] : kinds;
  const urls = engineUrls();
  // Probed at once: a missing engine costs its probe's timeout, and a suite may need four.
  const available = await Promise.all(wanted.map((kind) => engineAvailable(kind, urls)));
  const down = wanted.filter((_, i) => !available[i]);
  const absent = programs.filter((program) => !existsSync(program.path));
  const missing = [...down, ...absent.map((program) => program.name)];
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const lines = [
    ...down.map((kind) => engineMissingLine(kind, urls)),
    ...absent.map((program) => `no ${program.name} at ${program.path}: ${program.install}`),
  ];
  if (enginesRequired()) {
    describe(name, () => {
      for (const line of lines) {
        it(`needs ${missing.join(', ')}`, () => {
          throw new Error(`${line} (MOSAIC_ENGINES=required)`);
        });
      }
    });
    return;
  }
  for (const line of lines) console.warn(`skipping "${name}": ${line}; set MOSAIC_ENGINES=required to fail instead`);
  describe.skip(name, body);
}

/** A per-run name part, so parallel and repeated runs never share a database, stream or bucket. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A private NATS server (JetStream on, data in a temp dir) that a test may stop and restart at will. */
export interface PrivateNatsServer {
  readonly url: string;
  /** Kills the server (SIGKILL): clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data, as after a crash. */
  restart(): Promise<void>;
  /** Kills it and deletes its data. */
  dispose(): Promise<void>;
}

/** True when a `nats-server` binary (MOSAIC_NATS_SERVER or PATH) can be run for a private server. */
export function natsServerBinaryAvailable(): boolean {
  const binary = process.env.MOSAIC_NATS_SERVER || 'nats-server';
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `nats-server -js` on a free loopback port (binary from MOSAIC_NATS_SERVER or PATH). For tests
 * that restart NATS: the shared server on 4222 must never be restarted by a test.
 */
export async function startPrivateNatsServer(): Promise<PrivateNatsServer> {
  const binary = process.env.MOSAIC_NATS_SERVER || 'nats-server';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-nats-'));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const started = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
    child = started;
    await new Promise<void>((resolve, reject) => {
      started.once('error', (error) =>
        reject(new Error(`could not run ${binary} (${error.message}): install nats-server or set MOSAIC_NATS_SERVER`)),
      );
      started.once('spawn', () => resolve());
    });
    const until = Date.now() + 10_000;
    while (!(await engineAvailable('nats', { ...engineUrls(), nats: `nats://127.0.0.1:${port}` }))) {
      if (Date.now() > until) throw new Error(`the private nats-server on port ${port} did not come up in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    kill,
    async restart() {
      await kill();
      await start();
    },
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on loopback nobody listens on right now, for a server a test starts (NATS, Prometheus). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
