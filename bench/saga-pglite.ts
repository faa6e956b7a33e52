import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPGlite } from '@mosaic/kit/store';
import { sql } from 'kysely';

export interface PGliteLimit {
  /** Committed transactions per second, one at a time (PGlite has one connection). */
  tps: number;
  /** CPU of this process per transaction, ms (PGlite runs in it). */
  cpuMsPerTransaction: number;
  seconds: number;
}

/**
 * The embedded runtime's database limit, measured the way pgbench -N measures PostgreSQL's: PGlite on disk
 * (as `npm start` keeps it, opened by the kit), each transaction an account's UPDATE, its SELECT and a history
 * INSERT between BEGIN and COMMIT, through Kysely as the services do. What one core can do before any Mosaic
 * code runs: the ceiling of the embedded saga.
 */
export async function measurePGlite(seconds: number): Promise<PGliteLimit> {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-pglite-'));
  const engine = await openPGlite(dir);
  try {
    const { db } = await engine.forService('bench');
    await sql`create table bench.accounts (id int primary key, balance int not null)`.execute(db);
    await sql`create table bench.history (id serial primary key, account int, delta int, at text)`.execute(db);
    await sql`insert into bench.accounts select g, 0 from generate_series(1, 10000) g`.execute(db);
    const transaction = () => {
      const account = 1 + Math.floor(Math.random() * 10_000);
      return db.transaction().execute(async (tx) => {
        await sql`update bench.accounts set balance = balance + 1 where id = ${account}`.execute(tx);
        await sql`select balance from bench.accounts where id = ${account}`.execute(tx);
        await sql`insert into bench.history (account, delta, at) values (${account}, 1, ${new Date().toISOString()})`.execute(
          tx,
        );
      });
    };
    for (let i = 0; i < 200; i++) await transaction();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let done = 0;
    while (performance.now() - started < seconds * 1_000) {
      await transaction();
      done++;
    }
    const elapsed = (performance.now() - started) / 1_000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      tps: Math.round(done / elapsed),
      cpuMsPerTransaction: Math.round(((cpu.user + cpu.system) / 1_000 / done) * 1000) / 1000,
      seconds,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
