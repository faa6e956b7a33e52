import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';

export interface PostgresLimit {
  tool: 'pgbench' | 'insert-loop';
  /** Committed write transactions per second. */
  tps: number;
  clients: number;
  seconds: number;
  detail: string;
}

/**
 * The machine's PostgreSQL write limit: pgbench's TPC-B-like transaction without the contended branch
 * and teller updates (`-N`: three statements and an insert per transaction), on a scratch database
 * created and dropped here. Without pgbench, an insert-per-transaction loop from `clients` connections.
 */
export async function measurePostgres(url: string, seconds: number, clients = 8): Promise<PostgresLimit> {
  const parsed = new URL(url);
  const database = 'mosaic_bench_pgbench';
  const user = decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres';
  const env = {
    ...process.env,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: user,
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
  };
  const admin = new pg.Client({
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user,
    database: 'postgres',
    password: decodeURIComponent(parsed.password) || undefined,
  });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`create database ${database}`);
  try {
    if (spawnSync('pgbench', ['--version']).status === 0) {
      execFileSync('pgbench', ['-i', '-q', '-s', '10', database], { env, stdio: 'ignore' });
      const out = execFileSync('pgbench', ['-N', '-c', String(clients), '-j', '2', '-T', String(seconds), database], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
      if (!Number.isFinite(tps)) throw new Error(`could not read tps from pgbench:\n${out}`);
      return {
        tool: 'pgbench',
        tps: Math.round(tps),
        clients,
        seconds,
        detail: `pgbench -N -c ${clients} -j 2 -T ${seconds} (scale 10)`,
      };
    }
    return await insertLoop(
      { host: parsed.hostname, port: Number(parsed.port || 5432), user, database },
      seconds,
      clients,
    );
  } finally {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

async function insertLoop(connection: pg.ClientConfig, seconds: number, clients: number): Promise<PostgresLimit> {
  const pool = new pg.Pool({ ...connection, max: clients });
  await pool.query('create table rows (id bigserial primary key, body text not null, at timestamptz default now())');
  let committed = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        await pool.query("insert into rows (body) values ('a row the size of an outbox envelope, more or less')");
        committed++;
      }
    }),
  );
  await pool.end();
  return {
    tool: 'insert-loop',
    tps: Math.round(committed / seconds),
    clients,
    seconds,
    detail: `one insert per transaction, ${clients} connections`,
  };
}
