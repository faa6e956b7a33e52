import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine, ServiceDatabase } from '../../store/database.ts';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { anEvent, delay, waitFor } from '../../testing/support/events.ts';
import type { Bus, Delivery, SubscribeOptions } from '../bus.ts';
import type { Envelope } from '../envelope.ts';
import { createEmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.ts';

const _fast = { initialMs: 5, maxMs: 20 };

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

// What every bus does is in testing/conformance/bus.ts (run against this bus by embedded-bus.contract.test.ts);
// these are the embedded bus's own promises.
describe('embedded bus: publish and subscribe', () => {
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
});

describe('embedded bus: ordering and concurrency', () => {
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
});

describe('embedded bus: durable groups', () => {
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
});
