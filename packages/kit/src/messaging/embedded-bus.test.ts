import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseEngine, openPGlite, type ServiceDatabase } from '../store/database.ts';
import type { Bus, Delivery, SubscribeOptions } from './bus.ts';
import { createEmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.ts';
import type { Envelope } from './envelope.ts';
import { anEvent, delay, waitFor } from './test-support.ts';

const fast = { initialMs: 5, maxMs: 20 };

// One PGlite for the file, a fresh bus schema per test: opening PGlite is the slow part.
let engine: DatabaseEngine;
let schemas = 0;
const opened: Bus[] = [];

beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(async () => {
  await engine.close();
});
afterEach(async () => {
  for (const bus of opened.splice(0)) await bus.close();
});

async function freshDatabase(): Promise<ServiceDatabase> {
  return engine.forService(`bus_test_${++schemas}`);
}

async function openBus(database?: ServiceDatabase, options: EmbeddedBusOptions = {}): Promise<Bus> {
  const bus = await createEmbeddedBus(database ?? (await freshDatabase()), options);
  opened.push(bus);
  return bus;
}

function collect(bus: Bus, options: SubscribeOptions) {
  const seen: { event: Envelope; delivery: Delivery }[] = [];
  const subscription = bus.subscribe(options, async (event, delivery) => {
    seen.push({ event, delivery });
  });
  return { seen, subscription };
}

const ids = (events: { event: Envelope }[]) => events.map((e) => e.event.id);

describe('embedded bus: publish and subscribe', () => {
  it('hands published events to a subscriber in publish order, first attempt 1', async () => {
    const bus = await openBus();
    const events = [anEvent('OrderPlaced', 'o1'), anEvent('OrderPlaced', 'o2'), anEvent('OrderPlaced', 'o1')];
    await bus.publish(events);
    const { seen } = collect(bus, { group: 'g', types: ['OrderPlaced'] });
    await waitFor('3 deliveries', () => seen.length === 3);
    expect(ids(seen)).toEqual(events.map((e) => e.id));
    expect(seen.map((s) => s.delivery.attempt)).toEqual([1, 1, 1]);
    expect(seen[0]!.event).toEqual(events[0]);
  });

  it('wakes a subscriber on publish without waiting for the poll', async () => {
    const bus = await openBus(undefined, { pollMs: 60_000 });
    const { seen, subscription } = collect(bus, { group: 'g', types: ['OrderPlaced'] });
    await subscription;
    const event = anEvent('OrderPlaced', 'o1');
    await bus.publish([event]);
    await waitFor('the delivery', () => seen.length === 1, 2_000);
    expect(ids(seen)).toEqual([event.id]);
  });

  it('hands over only the subscribed types, and moves the position past the others', async () => {
    const bus = await openBus();
    const a1 = anEvent('A', 's1');
    const b1 = anEvent('B', 's1');
    const a2 = anEvent('A', 's2');
    await bus.publish([a1, b1, a2]);
    const first = collect(bus, { group: 'g', types: ['A'] });
    await waitFor('both A events', () => first.seen.length === 2);
    await delay(30);
    expect(ids(first.seen)).toEqual([a1.id, a2.id]);
    await (await first.subscription).stop();

    // Same group, now also taking B: B was already passed over, so only what comes next arrives.
    const b2 = anEvent('B', 's3');
    const second = collect(bus, { group: 'g', types: ['A', 'B'] });
    await second.subscription;
    await bus.publish([b2]);
    await waitFor('the new B event', () => second.seen.length === 1);
    await delay(30);
    expect(ids(second.seen)).toEqual([b2.id]);
  });

  it('stores an event id once, whether published twice or twice in one call', async () => {
    const database = await freshDatabase();
    const bus = await openBus(database);
    const event = anEvent('OrderPlaced', 'o1');
    const other = anEvent('OrderPlaced', 'o2');
    await bus.publish([event, event]);
    await bus.publish([event, other]);
    const { seen } = collect(bus, { group: 'g', types: ['OrderPlaced'] });
    await waitFor('2 deliveries', () => seen.length === 2);
    await delay(30);
    expect(ids(seen)).toEqual([event.id, other.id]);
    const rows = await database.db.selectFrom('bus_event').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([event.id, other.id]);
  });

  it('starts a new group at the end of the log with startAt: new', async () => {
    const bus = await openBus();
    await bus.publish([anEvent('A', 's1')]);
    const { seen, subscription } = collect(bus, { group: 'g', types: ['A'], startAt: 'new' });
    await subscription;
    const later = anEvent('A', 's1');
    await bus.publish([later]);
    await waitFor('the later event', () => seen.length === 1);
    await delay(30);
    expect(ids(seen)).toEqual([later.id]);
  });
});

describe('embedded bus: ordering and concurrency', () => {
  it('handles one subject strictly in publish order while subjects run concurrently', async () => {
    const bus = await openBus(undefined, { concurrency: 4 });
    const subjects = ['a', 'b', 'c', 'd', 'e', 'f'];
    const published = new Map<string, string[]>(subjects.map((s) => [s, []]));
    const events: Envelope[] = [];
    for (let i = 0; i < 20; i++) {
      for (const subject of subjects) {
        const event = anEvent('Tick', subject, { i });
        events.push(event);
        published.get(subject)!.push(event.id);
      }
    }
    const handled = new Map<string, string[]>(subjects.map((s) => [s, []]));
    const busySubjects = new Set<string>();
    let running = 0;
    let mostRunning = 0;
    let overlaps = 0;
    await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
      if (busySubjects.has(event.subject)) overlaps++;
      busySubjects.add(event.subject);
      mostRunning = Math.max(mostRunning, ++running);
      await delay(Math.random() * 4);
      handled.get(event.subject)!.push(event.id);
      running--;
      busySubjects.delete(event.subject);
    });
    // Published in several calls while the group runs, so reads and deliveries interleave.
    for (let i = 0; i < events.length; i += 17) await bus.publish(events.slice(i, i + 17));
    await waitFor('every event', () => [...handled.values()].reduce((n, list) => n + list.length, 0) === events.length);
    for (const subject of subjects) expect(handled.get(subject)).toEqual(published.get(subject));
    expect(overlaps).toBe(0);
    expect(mostRunning).toBeGreaterThan(1);
    expect(mostRunning).toBeLessThanOrEqual(4);
  });

  it('lets other subjects through while a failing subject waits, and holds that subject back', async () => {
    const bus = await openBus();
    const order: string[] = [];
    const bad1 = anEvent('Tick', 'bad', { n: 1 });
    const bad2 = anEvent('Tick', 'bad', { n: 2 });
    const good = [anEvent('Tick', 'good'), anEvent('Tick', 'good'), anEvent('Tick', 'good')];
    await bus.publish([bad1, bad2, ...good]);
    await bus.subscribe(
      { group: 'g', types: ['Tick'], maxAttempts: 3, backoff: { initialMs: 60, maxMs: 60 } },
      async (event, delivery) => {
        order.push(
          `${event.subject}:${event.id === bad1.id ? 'bad1' : event.id === bad2.id ? 'bad2' : 'ok'}:${delivery.attempt}`,
        );
        if (event.id === bad1.id) throw new Error('bad1 keeps failing');
      },
    );
    await waitFor('bad2 after bad1 was dead-lettered', () => order.includes('bad:bad2:1'));
    const goodDone = order.lastIndexOf('good:ok:1');
    expect(order.filter((o) => o === 'good:ok:1')).toHaveLength(3);
    expect(goodDone).toBeLessThan(order.indexOf('bad:bad1:2')); // good did not wait for bad's retries
    expect(order.indexOf('bad:bad2:1')).toBeGreaterThan(order.indexOf('bad:bad1:3')); // bad2 waited for bad1
  });

  it('shares a group between two subscriptions: each event is handled exactly once', async () => {
    const bus = await openBus();
    const counts = new Map<string, number>();
    const byMember = [0, 0];
    const member = (index: number) => async (event: Envelope) => {
      await delay(Math.random() * 3);
      counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      byMember[index]!++;
    };
    await bus.subscribe({ group: 'g', types: ['Tick'] }, member(0));
    await bus.subscribe({ group: 'g', types: ['Tick'] }, member(1));
    const events = Array.from({ length: 60 }, (_, i) => anEvent('Tick', `s${i % 12}`));
    await bus.publish(events);
    await waitFor('every event', () => counts.size === events.length);
    await delay(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(byMember[0]! + byMember[1]!).toBe(events.length);
    expect(byMember[0]).toBeGreaterThan(0);
    expect(byMember[1]).toBeGreaterThan(0);
  });

  it('stop() waits for the handler in flight and takes no more events', async () => {
    const bus = await openBus();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    let finished = 0;
    const subscription = await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
      started.push(event.id);
      await gate;
      finished++;
    });
    await bus.publish([anEvent('Tick', 's1'), anEvent('Tick', 's1')]);
    await waitFor('the first delivery', () => started.length === 1);
    let stopped = false;
    const stopping = subscription.stop().then(() => {
      stopped = true;
    });
    await delay(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(1);
    await delay(30);
    expect(started).toHaveLength(1);
  });
});

describe('embedded bus: retries and dead letters', () => {
  it('retries a throwing handler, counting attempts from 1', async () => {
    const bus = await openBus();
    const attempts: number[] = [];
    await bus.subscribe({ group: 'g', types: ['Tick'], backoff: fast }, async (_event, delivery) => {
      attempts.push(delivery.attempt);
      if (delivery.attempt < 3) throw new Error(`not yet (${delivery.attempt})`);
    });
    await bus.publish([anEvent('Tick', 's1')]);
    await waitFor('the third attempt', () => attempts.length === 3);
    await delay(50);
    expect(attempts).toEqual([1, 2, 3]);
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('dead-letters an event after maxAttempts with its error, then moves on', async () => {
    const bus = await openBus();
    const poison = anEvent('Tick', 's1', { poison: true });
    const next = anEvent('Tick', 's1');
    const calls: string[] = [];
    await bus.subscribe({ group: 'g', types: ['Tick'], maxAttempts: 3, backoff: fast }, async (event, delivery) => {
      calls.push(`${event.id === poison.id ? 'poison' : 'next'}:${delivery.attempt}`);
      if (event.id === poison.id) throw new Error(`cannot digest attempt ${delivery.attempt}`);
    });
    await bus.publish([poison, next]);
    await waitFor('the next event', () => calls.includes('next:1'));
    expect(calls).toEqual(['poison:1', 'poison:2', 'poison:3', 'next:1']);
    const letters = await bus.deadLetters.list({ group: 'g' });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ group: 'g', event: poison, error: 'cannot digest attempt 3', attempts: 3 });
    expect(letters[0]!.replayedAt).toBeNull();
    expect(Number.isNaN(Date.parse(letters[0]!.failedAt))).toBe(false);
    expect(await bus.deadLetters.list({ group: 'other' })).toEqual([]);
  });

  it('replays a dead letter as a fresh delivery, handled once, and marks it replayed', async () => {
    const bus = await openBus();
    let broken = true;
    const deliveries: { id: string; attempt: number }[] = [];
    await bus.subscribe({ group: 'g', types: ['Tick'], maxAttempts: 2, backoff: fast }, async (event, delivery) => {
      deliveries.push({ id: event.id, attempt: delivery.attempt });
      if (broken) throw new Error('downstream broken');
    });
    const event = anEvent('Tick', 's1');
    await bus.publish([event]);
    await waitFor('the dead letter', async () => (await bus.deadLetters.list()).length === 1);
    const [letter] = await bus.deadLetters.list();
    broken = false;
    deliveries.length = 0;

    expect(await bus.deadLetters.replay(letter!.id)).toBe(true);
    await waitFor('the replay to be recorded', async () => (await bus.deadLetters.list()).length === 0);
    expect(deliveries).toEqual([{ id: event.id, attempt: 1 }]);
    const [replayed] = await bus.deadLetters.list({ includeReplayed: true });
    expect(replayed!.id).toBe(letter!.id);
    expect(replayed!.replayedAt).not.toBeNull();
    expect(await bus.deadLetters.replay(letter!.id)).toBe(false);
    expect(await bus.deadLetters.replay('01890000-0000-7000-8000-000000000000')).toBe(false);
    await delay(50);
    expect(deliveries).toHaveLength(1);
  });

  it('keeps a dead letter un-replayed, with the new error, when its replay fails again', async () => {
    const bus = await openBus();
    let failures = 0;
    await bus.subscribe({ group: 'g', types: ['Tick'], maxAttempts: 2, backoff: fast }, async () => {
      failures++;
      throw new Error(`failure ${failures}`);
    });
    await bus.publish([anEvent('Tick', 's1')]);
    await waitFor('the dead letter', async () => (await bus.deadLetters.list()).length === 1);
    const [letter] = await bus.deadLetters.list();
    expect(letter!.error).toBe('failure 2');

    expect(await bus.deadLetters.replay(letter!.id)).toBe(true);
    await waitFor('the replay to fail', async () => (await bus.deadLetters.list())[0]?.error === 'failure 4');
    const [after] = await bus.deadLetters.list();
    expect(after).toMatchObject({ id: letter!.id, attempts: 2, replayedAt: null });
    expect(failures).toBe(4);
  });

  it('remembers a replay requested while no member listens and serves it on subscribe after a restart', async () => {
    const database = await freshDatabase();
    const first = await openBus(database);
    const subscription = await first.subscribe(
      { group: 'g', types: ['Tick'], maxAttempts: 1, backoff: fast },
      async () => {
        throw new Error('down');
      },
    );
    const event = anEvent('Tick', 's1');
    await first.publish([event]);
    await waitFor('the dead letter', async () => (await first.deadLetters.list()).length === 1);
    await subscription.stop();
    const [letter] = await first.deadLetters.list();
    expect(await first.deadLetters.replay(letter!.id)).toBe(true);
    await first.close();

    const second = await openBus(database);
    const handled: string[] = [];
    await second.subscribe({ group: 'g', types: ['Tick'], backoff: fast }, async (e) => {
      handled.push(e.id);
    });
    await waitFor('the replay', () => handled.length === 1);
    expect(handled).toEqual([event.id]);
    await waitFor('replayedAt', async () => (await second.deadLetters.list()).length === 0);
    const [replayed] = await second.deadLetters.list({ includeReplayed: true });
    expect(replayed!.replayedAt).not.toBeNull();
  });
});

describe('embedded bus: durable groups', () => {
  it('continues a group where it stopped after close and reopen on a data dir, catching up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-bus-'));
    try {
      const before = [anEvent('Tick', 's1'), anEvent('Tick', 's2'), anEvent('Tick', 's1')];
      const whileAway = [anEvent('Tick', 's2'), anEvent('Tick', 's3')];

      let disk = await openPGlite(dir);
      let bus = await createEmbeddedBus(await disk.forService('mosaic_bus'));
      const first = collect(bus, { group: 'g', types: ['Tick'] });
      await first.subscription;
      await bus.publish(before);
      await waitFor('the first events', () => first.seen.length === 3);
      await bus.close();
      await disk.close();

      disk = await openPGlite(dir);
      bus = await createEmbeddedBus(await disk.forService('mosaic_bus'));
      await bus.publish(whileAway);
      const again = collect(bus, { group: 'g', types: ['Tick'] });
      const fresh = collect(bus, { group: 'newcomer', types: ['Tick'] });
      await waitFor('catch-up', () => again.seen.length === 2 && fresh.seen.length === 5);
      await delay(50);
      // Subjects run concurrently, so only the set (not the global order) is fixed.
      expect(ids(again.seen).sort()).toEqual(whileAway.map((e) => e.id).sort());
      expect(ids(fresh.seen).sort()).toEqual([...before, ...whileAway].map((e) => e.id).sort());
      await bus.close();
      await disk.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never moves the position past an event still waiting for a retry', async () => {
    const database = await freshDatabase();
    const first = await openBus(database);
    const [done, stuck, after] = [anEvent('Tick', 'a'), anEvent('Tick', 'stuck'), anEvent('Tick', 'b')];
    const handled: string[] = [];
    await first.subscribe({ group: 'g', types: ['Tick'], backoff: { initialMs: 10_000, maxMs: 10_000 } }, async (e) => {
      if (e.id === stuck.id) throw new Error('not now');
      handled.push(e.id);
    });
    await first.publish([done, stuck, after]);
    await waitFor('the other subjects', () => handled.length === 2);
    await first.close(); // `stuck` waits for its retry: unfinished

    // The position is a watermark: it stops before `stuck`, so `after` comes again too (at-least-once).
    const second = await openBus(database);
    const { seen } = collect(second, { group: 'g', types: ['Tick'] });
    await waitFor('the redelivery', () => seen.length === 2);
    await delay(50);
    expect(ids(seen).sort()).toEqual([stuck.id, after.id].sort());
    expect(seen.map((s) => s.delivery.attempt)).toEqual([1, 1]);
  });

  it('rewinds a subscribed group to the start of the log', async () => {
    const bus = await openBus();
    const events = [anEvent('Tick', 's1'), anEvent('Tick', 's2'), anEvent('Tick', 's1')];
    const { seen } = collect(bus, { group: 'g', types: ['Tick'] });
    await bus.publish(events);
    await waitFor('the first pass', () => seen.length === 3);
    await bus.rewind('g');
    await waitFor('the second pass', () => seen.length === 6);
    await delay(50);
    expect(ids(seen)).toEqual([...events, ...events].map((e) => e.id));
  });

  it('rewinds a group with no member, which then starts from the beginning', async () => {
    const bus = await openBus();
    const events = [anEvent('Tick', 's1'), anEvent('Tick', 's2')];
    await bus.publish(events);
    const first = collect(bus, { group: 'g', types: ['Tick'] });
    await waitFor('the first pass', () => first.seen.length === 2);
    await (await first.subscription).stop();
    await bus.rewind('g');
    const second = collect(bus, { group: 'g', types: ['Tick'] });
    await waitFor('the second pass', () => second.seen.length === 2);
    expect(ids(second.seen)).toEqual(events.map((e) => e.id));
  });

  it('refuses to publish once closed', async () => {
    const bus = await openBus();
    await bus.close();
    await expect(bus.publish([anEvent('Tick', 's1')])).rejects.toThrow(/closed/);
  });
});
