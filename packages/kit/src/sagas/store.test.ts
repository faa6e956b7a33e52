import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine, ServiceDatabase } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { dropMysqlDatabases, openMysql } from '../store/mysql/mysql.ts';
import { openPGlite } from '../store/pglite/pglite.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../testing/engines.ts';
import { defineSaga } from './define.ts';
import { type SagaTables, sagaMigrations, sagaRecords } from './store.ts';

const saga = defineSaga({
  name: 'trip',
  owner: 'desk',
  subject: 'tripId',
  steps: [
    { name: 'book', by: 'desk', on: 'TripAsked', done: 'TripBooked' },
    { name: 'pay', by: 'till', on: 'TripBooked', done: 'TripPaid' },
  ],
  cancelledBy: 'TripCancelled',
});

const seen = (type: string, n: number) => ({
  type,
  id: `e-${n}`,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

/** Two replicas of the owner: two handles on one database, each with what it last wrote. */
function recordsSuite(
  open: () => Promise<{ first: ServiceDatabase; second: ServiceDatabase; close(): Promise<void> }>,
) {
  let first: ServiceDatabase;
  let second: ServiceDatabase;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ first, second, close } = await open());
    await migrate(first, sagaMigrations, 'mosaic_saga_migration');
  });
  afterAll(() => close?.());

  const records = (db: ServiceDatabase) => sagaRecords(db.db as Kysely<SagaTables>, saga);

  it('records each event once, in the order they came, however many replicas add them', async () => {
    const one = records(first);
    const two = records(second);
    await one.record('t-1', seen('TripAsked', 1), '2026-01-01T00:00:01Z');
    await one.record('t-1', seen('TripAsked', 1), '2026-01-01T00:00:02Z'); // redelivered
    await two.record('t-1', seen('TripBooked', 2), '2026-01-01T00:00:03Z'); // another replica, knows nothing
    await one.record('t-1', seen('TripPaid', 3), '2026-01-01T00:00:04Z'); // remembers a row that moved on
    await two.record('t-1', seen('TripBooked', 2), '2026-01-01T00:00:05Z'); // redelivered to the other one
    const instance = await two.find('t-1');
    expect(instance?.events.map((e) => e.id)).toEqual(['e-1', 'e-2', 'e-3']);
    expect(instance).toMatchObject({ status: 'completed', startedAt: '2026-01-01T00:00:01Z' });
  });

  it('starts an instance whose first event to arrive is not its first step', async () => {
    const one = records(first);
    await one.record('t-2', seen('TripBooked', 5), '2026-01-01T00:01:00Z');
    await records(second).record('t-2', seen('TripAsked', 4), '2026-01-01T00:01:01Z');
    expect((await one.find('t-2'))?.events.map((e) => e.type)).toEqual(['TripBooked', 'TripAsked']);
  });
}

describe('saga records on PGlite', () => {
  recordsSuite(async () => {
    const engine = await openPGlite();
    return {
      first: await engine.forService('desk'),
      second: await engine.forService('desk'),
      close: () => engine.close(),
    };
  });
});

await describeWithEngines('mysql', 'saga records on MySQL/MariaDB', () => {
  recordsSuite(async () => {
    const url = engineUrls().mysql;
    const prefix = `${uniqueName('mosaic_t')}_`;
    const engines: DatabaseEngine[] = [
      await openMysql({ url, prefix, pool: 2 }),
      await openMysql({ url, prefix, pool: 2 }),
    ];
    return {
      first: await engines[0]!.forService('desk'),
      second: await engines[1]!.forService('desk'),
      async close() {
        for (const engine of engines) await engine.close();
        await dropMysqlDatabases({ url, prefix });
      },
    };
  });
});
