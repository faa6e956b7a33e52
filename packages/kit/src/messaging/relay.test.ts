import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine, ServiceDatabase } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { openPGlite } from '../store/pglite/pglite.ts';
import { createStore, type Store } from '../store/store.ts';
import { delay, waitFor } from '../testing/support/events.ts';
import type { Bus } from './bus.ts';
import { createEmbeddedBus } from './embedded/embedded-bus.ts';
import type { Envelope } from './envelope.ts';
import { kitMigrations } from './kit-tables.ts';
import type { OutboxTables } from './outbox.ts';
import { type Relay, startRelay } from './relay.ts';

let engine: DatabaseEngine;
let services = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(async () => {
  await engine.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  database: ServiceDatabase;
  bus: Bus;
  relay: Relay;
  store: Store<unknown>;
  received: Envelope[];
}

/** A service database with an outbox, a bus, a relay between them and a group recording what arrives. */
async function setUp(
  options: {
    engine?: DatabaseEngine;
    bus?: (real: Bus) => Bus;
    pollMs?: number;
    batchSize?: number;
    /** Move the outbox into the log (`bus.outboxMover`) instead of publishing. */
    move?: boolean;
  } = {},
): Promise<Setup> {
  const on = options.engine ?? engine;
  const n = ++services;
  const database = await on.forService(`svc_${n}`);
  await migrate(database, kitMigrations, 'mosaic_kit_migration');
  const realBus = await createEmbeddedBus(await on.forService(`bus_${n}`));
  const bus = options.bus ? options.bus(realBus) : realBus;
  const mover = options.move ? realBus.outboxMover?.(database) : undefined;
  if (options.move && !mover) throw new Error('the embedded bus should move an outbox of its own PGlite');
  const relay = startRelay({
    database,
    bus,
    pollMs: options.pollMs ?? 60_000,
    batchSize: options.batchSize ?? 100,
    ...(mover ? { mover } : {}),
  });
  const store = createStore<unknown>(database, { source: 'test/relay', onCommitWithEvents: () => relay.nudge() });
  const received: Envelope[] = [];
  await realBus.subscribe({ group: 'watcher', types: ['Placed'] }, async (event) => {
    received.push(event);
  });
  cleanups.push(async () => {
    await relay.stop();
    await realBus.close();
  });
  return { database, bus, relay, store, received };
}

async function place(store: Store<unknown>, count: number, subject = 'o1'): Promise<Envelope[]> {
  const events: Envelope[] = [];
  for (let i = 0; i < count; i++) {
    events.push(await store.transaction((tx) => tx.publish({ type: 'Placed', subject, data: { i } })));
  }
  return events;
}

async function outboxSize(database: ServiceDatabase): Promise<number> {
  const rows = await (database.db as Kysely<OutboxTables>).selectFrom('mosaic_outbox').select('id').execute();
  return rows.length;
}

describe('relay', () => {
  it('publishes committed outbox rows in order and deletes them', async () => {
    const { store, received, database } = await setUp({ batchSize: 2 });
    const events = await place(store, 5);
    await waitFor('all events on the bus', () => received.length === 5);
    expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(received[0]).toEqual(events[0]);
    await waitFor('an empty outbox', async () => (await outboxSize(database)) === 0);
  });

  it('does not publish an event whose transaction rolled back', async () => {
    const { store, received, database, relay } = await setUp();
    await expect(
      store.transaction(async (tx) => {
        await tx.publish({ type: 'Placed', subject: 'o1', data: {} });
        throw new Error('use case refused');
      }),
    ).rejects.toThrow('use case refused');
    const [kept] = await place(store, 1);
    await relay.flush();
    await waitFor('the committed event', () => received.length === 1);
    expect(received.map((e) => e.id)).toEqual([kept!.id]);
    expect(await outboxSize(database)).toBe(0);
  });

  it('keeps rows in the outbox while paused and publishes them on resume', async () => {
    const { store, received, database, relay } = await setUp();
    relay.pause();
    const events = await place(store, 3);
    relay.nudge();
    await delay(100);
    expect(await outboxSize(database)).toBe(3);
    expect(received).toEqual([]);
    relay.resume();
    await waitFor('the events on the bus', () => received.length === 3);
    expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    await waitFor('an empty outbox', async () => (await outboxSize(database)) === 0);
  });

  it('flush() publishes now and stop() flushes what is left', async () => {
    // No nudge wiring and a long poll: only flush and stop can move these rows.
    const database = await engine.forService(`svc_${++services}`);
    await migrate(database, kitMigrations, 'mosaic_kit_migration');
    const bus = await createEmbeddedBus(await engine.forService(`bus_${services}`));
    cleanups.push(() => bus.close());
    const relay = startRelay({ database, bus, pollMs: 60_000 });
    const store = createStore<unknown>(database, { source: 'test/relay' });
    await relay.flush();
    await place(store, 2);
    expect(await outboxSize(database)).toBe(2);
    await relay.flush();
    expect(await outboxSize(database)).toBe(0);
    await place(store, 1);
    await relay.stop();
    expect(await outboxSize(database)).toBe(0);
    const seen: string[] = [];
    await bus.subscribe({ group: 'g', types: ['Placed'] }, async (e) => {
      seen.push(e.id);
    });
    await waitFor('3 events on the bus', () => seen.length === 3);
  });

  it('keeps rows across a crash before relay and publishes them after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-relay-'));
    try {
      let disk = await openPGlite(dir);
      const before = await setUp({ engine: disk });
      before.relay.pause(); // the process "dies" right after commit
      const events = await place(before.store, 3);
      for (const cleanup of cleanups.splice(0)) await cleanup();
      await disk.close();

      disk = await openPGlite(dir);
      const database = await disk.forService(before.database.schema!);
      expect(await outboxSize(database)).toBe(3);
      const bus = await createEmbeddedBus(await disk.forService(`bus_${services}`));
      const relay = startRelay({ database, bus, pollMs: 60_000 });
      const seen: string[] = [];
      await bus.subscribe({ group: 'after-restart', types: ['Placed'] }, async (e) => {
        seen.push(e.id);
      });
      await waitFor('the events after restart', () => seen.length === 3);
      expect(seen).toEqual(events.map((e) => e.id));
      await waitFor('an empty outbox', async () => (await outboxSize(database)) === 0);
      await relay.stop();
      await bus.close();
      await disk.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries while the bus fails and publishes once it is back', async () => {
    let calls = 0;
    const { store, received, database } = await setUp({
      bus: (real) => ({
        ...real,
        async publish(events) {
          calls++;
          if (calls <= 2) throw new Error('bus unavailable');
          await real.publish(events);
        },
      }),
    });
    const events = await place(store, 2);
    await waitFor('the events on the bus', () => received.length === 2, 5_000);
    expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(calls).toBeGreaterThanOrEqual(3);
    await waitFor('an empty outbox', async () => (await outboxSize(database)) === 0);
  });

  it('publishes again when the ack was lost, and the bus keeps one copy', async () => {
    let lostAcks = 1;
    const { store, received, database } = await setUp({
      bus: (real) => ({
        ...real,
        async publish(events) {
          await real.publish(events);
          if (lostAcks-- > 0) throw new Error('connection reset after publish');
        },
      }),
    });
    const [event] = await place(store, 1);
    await waitFor('an empty outbox', async () => (await outboxSize(database)) === 0, 5_000);
    await delay(50);
    expect(received.map((e) => e.id)).toEqual([event!.id]);
  });
});

describe('relay moving the outbox into an embedded log on the same PGlite', () => {
  const refusingPublish = (real: Bus): Bus => ({
    ...real,
    async publish() {
      throw new Error('a moving relay must not publish');
    },
  });

  it('moves committed rows into the log in order, each once, and leaves the outbox empty', async () => {
    const { store, received, database } = await setUp({ move: true, batchSize: 2, bus: refusingPublish });
    const events = await place(store, 5);
    await waitFor('all events in the log', () => received.length === 5);
    expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(received[0]).toEqual(events[0]);
    expect(await outboxSize(database)).toBe(0);
  });

  it('keeps rows in the outbox while paused, and moves nothing of a rolled-back transaction', async () => {
    const { store, received, database, relay } = await setUp({ move: true, bus: refusingPublish });
    relay.pause();
    const [kept] = await place(store, 1);
    await expect(
      store.transaction(async (tx) => {
        await tx.publish({ type: 'Placed', subject: 'o1', data: { rolledBack: true } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await delay(50);
    expect(received).toEqual([]);
    expect(await outboxSize(database)).toBe(1);
    relay.resume();
    await waitFor('the kept event in the log', () => received.length === 1);
    expect(received.map((e) => e.id)).toEqual([kept!.id]);
  });

  it('takes a row whose event reached the log before a crash without adding it twice', async () => {
    const { store, received, database, relay, bus } = await setUp({ move: true });
    relay.pause();
    const [event] = await place(store, 1);
    // As if an earlier process published it and died before deleting the row.
    await bus.publish([event!]);
    await waitFor('the published event', () => received.length === 1);
    relay.resume();
    await relay.flush();
    expect(await outboxSize(database)).toBe(0);
    await delay(50);
    expect(received.map((e) => e.id)).toEqual([event!.id]);
  });

  it('is not offered for a database on another PGlite', async () => {
    const other = await openPGlite();
    try {
      const bus = await createEmbeddedBus(await engine.forService(`bus_${++services}`));
      cleanups.push(() => bus.close());
      expect(bus.outboxMover?.(await other.forService('elsewhere'))).toBeUndefined();
      expect(bus.outboxMover?.(await engine.forService('here'))).toBeTypeOf('function');
    } finally {
      await other.close();
    }
  });
});
