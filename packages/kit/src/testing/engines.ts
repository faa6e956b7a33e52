import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseInUrl, urlWithDatabase } from '../store/database-names.ts';

export type EngineKind = 'postgres' | 'mysql' | 'nats' | 'redis';

export interface EngineUrls {
  postgres: string;
  mysql: string;
  nats: string;
  redis: string;
}

/** Where the distributed runtime and the engine tests find each engine: the environment, else this machine. */
export function engineUrls(env: NodeJS.ProcessEnv = process.env): EngineUrls {
  return {
    postgres: env.MOSAIC_POSTGRES_URL || 'postgres://127.0.0.1:5432',
    mysql: env.MOSAIC_MYSQL_URL || 'mysql://root@127.0.0.1:3306',
    nats: env.MOSAIC_NATS_URL || 'nats://127.0.0.1:4222',
    redis: env.MOSAIC_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}

const ENGINE_NAMES: Record<EngineKind, { name: string; variable: string; start: string }> = {
  postgres: {
    name: 'PostgreSQL',
    variable: 'MOSAIC_POSTGRES_URL',
    start:
      'start it (`service postgresql start`, or `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`)',
  },
  mysql: {
    name: 'MySQL/MariaDB',
    variable: 'MOSAIC_MYSQL_URL',
    start:
      'start it (`service mariadb start`, or `docker run -d -p 3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 mariadb:11`)',
  },
  nats: {
    name: 'NATS with JetStream',
    variable: 'MOSAIC_NATS_URL',
    start: 'start it (`nats-server -js -sd /tmp/nats &`, or `docker run -d -p 4222:4222 nats:2.10 -js`)',
  },
  redis: {
    name: 'Redis',
    variable: 'MOSAIC_REDIS_URL',
    start: 'start it (`redis-server --daemonize yes`, or `docker run -d -p 6379:6379 redis:7`)',
  },
};

/** One line naming the engine, where it was looked for and how to start it. */
export function engineMissingLine(kind: EngineKind, urls: EngineUrls = engineUrls()): string {
  const { name, variable, start } = ENGINE_NAMES[kind];
  return `${name} is not reachable at ${urls[kind]} (${variable}): ${start}, or point ${variable} at a running one`;
}

/**
 * True when the engine answers its own protocol (not merely an open port): PostgreSQL and MySQL run
 * `select 1`, NATS answers a connect with JetStream enabled, Redis answers PING.
 */
export async function engineAvailable(kind: EngineKind, urls: EngineUrls = engineUrls()): Promise<boolean> {
  try {
    await PROBES[kind](urls[kind]);
    return true;
  } catch {
    return false;
  }
}

const PROBE_TIMEOUT_MS = 3_000;

const PROBES: Record<EngineKind, (url: string) => Promise<void>> = {
  async postgres(url) {
    const { default: pg } = await import('pg');
    const { postgresUrl } = await import('../store/postgres.ts');
    const client = new pg.Client({
      connectionString: urlWithDatabase(postgresUrl(url), databaseInUrl(url) ?? 'postgres'),
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    });
    await client.connect();
    try {
      await client.query('select 1');
    } finally {
      await client.end();
    }
  },
  async mysql(url) {
    const { createConnection } = await import('mysql2/promise');
    const connection = await createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS });
    try {
      await connection.query('select 1');
    } finally {
      await connection.end();
    }
  },
  async nats(url) {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: url, timeout: PROBE_TIMEOUT_MS, maxReconnectAttempts: 0 });
    try {
      await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS });
    } finally {
      await nc.close();
    }
  },
  async redis(url) {
    const { hostname, port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const socket = new Socket();
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(PROBE_TIMEOUT_MS, () => fail(new Error('timed out')));
      socket.once('error', fail);
      socket.once('data', (data) => {
        socket.end();
        if (data.toString().startsWith('+PONG')) resolve();
        else reject(new Error(`unexpected answer ${data.toString().trim()}`));
      });
      socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
    });
  },
};

/** True when CI asked for every engine: a missing one fails instead of skipping (DESIGN §8). */
export function enginesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MOSAIC_ENGINES === 'required';
}

/**
 * Declares a suite that needs real engines (use with top-level await in the test file). All there: the
 * suite runs. One missing: with MOSAIC_ENGINES=required the suite fails with one line per missing engine;
 * otherwise it is skipped and the same line is printed, so nobody mistakes a skip for a pass.
 */
export async function describeWithEngines(
  kinds: EngineKind | readonly EngineKind[],
  name: string,
  body: () => void,
): Promise<void> {
  // Loaded here, not at the top: the runtime imports this module (engineUrls, engineAvailable) without vitest.
  const { describe, it } = await import('vitest');
  const wanted = typeof kinds === 'string' ? [kinds] : kinds;
  const urls = engineUrls();
  const missing: EngineKind[] = [];
  for (const kind of wanted) if (!(await engineAvailable(kind, urls))) missing.push(kind);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const lines = missing.map((kind) => engineMissingLine(kind, urls));
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

function freePort(): Promise<number> {
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
