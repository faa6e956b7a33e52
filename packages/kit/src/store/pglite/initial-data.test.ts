import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPGlite, PGLITE_SETTINGS } from './pglite.ts';

describe('new PGlite databases, started from one initdb copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-initial-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each database its own data, in memory and on disk, and keeps what was written on disk', async () => {
    const [a, b] = await Promise.all([openPGlite(), openPGlite(join(dir, 'one'))]);
    const aDb = (await a.forService('s')).db;
    const bDb = (await b.forService('s')).db;
    await sql`create table s.t (v int)`.execute(aDb);
    await sql`insert into s.t values (1)`.execute(aDb);
    await sql`create table s.t (v int)`.execute(bDb);
    await sql`insert into s.t values (2), (3)`.execute(bDb);
    expect((await sql<{ v: number }>`select v from s.t`.execute(aDb)).rows).toEqual([{ v: 1 }]);
    await Promise.all([a.close(), b.close()]);

    const reopened = await openPGlite(join(dir, 'one'));
    const rows = await sql<{ v: number }>`select v from s.t order by v`.execute((await reopened.forService('s')).db);
    expect(rows.rows).toEqual([{ v: 2 }, { v: 3 }]);
    const buffers = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(
      (await reopened.forService('s')).db,
    );
    expect(`shared_buffers=${buffers.rows[0]?.shared_buffers}`).toBe(PGLITE_SETTINGS[0]);
    await reopened.close();
  });
});
