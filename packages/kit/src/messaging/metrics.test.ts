import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSystem } from '../runtime/system.ts';
import { defineService } from '../service/define.ts';
import { startTestSystem, type TestSystem } from '../testing/system.ts';
import { waitFor } from '../testing/wait.ts';
import type { Bus } from './bus.ts';
import { wrap } from './envelope.ts';
import { defineEvents, on } from './events.ts';
import type { OutboxTables } from './outbox.ts';

const entry = Type.Object({ entry: Type.String() });
const events = defineEvents({ EntryMade: entry, EntryHeld: entry }, { subject: (_t, d) => d.entry });

/**
 * What the handlers do: `tally` throws on `poison` always and on `flaky` once; `hold` throws until `released`. A
 * held event waits between tries, not inside its handler: a handler holds the embedded PGlite's one connection
 * (its transaction), which a scrape's own queries would wait for.
 */
const behaviour = { flakyTries: 0, released: false };

const ledger = defineSystem({
  name: 'ledger',
  title: 'a ledger',
  gateway: { port: 0 },
  services: [
    {
      port: 0,
      definition: defineService({
        name: 'books',
        system: 'ledger',
        migrations: {},
        endpoints: [],
        policies: {
          tally: on(
            events,
            {
              EntryMade: async (event) => {
                if (event.subject === 'poison') throw new Error('poison: cannot tally this entry');
                if (event.subject === 'flaky' && behaviour.flakyTries++ === 0) throw new Error('flaky: try again');
              },
            },
            { maxAttempts: 2 },
          ),
          hold: on(
            events,
            {
              EntryHeld: async () => {
                if (!behaviour.released) throw new Error('held: not yet');
              },
            },
            { maxAttempts: 100 },
          ),
        },
      }),
    },
  ],
});

/** One sample's value from a Prometheus text page, undefined when the series is absent. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of page.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('messaging metrics on a service', () => {
  let system: TestSystem;
  let bus: Bus;
  const group = 'books.tally';
  const publish = (entry: string) =>
    bus.publish([wrap('test', { type: 'EntryMade', subject: entry, data: { entry } })]);
  const scrape = async () => (await fetch(`${system.service('books').url}/metrics`)).text();
  const outcome = async (name: string) =>
    sample(await scrape(), 'mosaic_consumer_events_total', {
      group,
      outcome: name,
      system: 'ledger',
      service: 'books',
    });

  beforeAll(async () => {
    system = await startTestSystem(ledger);
    bus = await system.runtime.bus('ledger');
  });
  afterAll(async () => {
    await system.close();
  });

  it('starts every outcome of every group at 0, with the lag, the dead letters and the backlog', async () => {
    const page = await scrape();
    for (const name of ['handled', 'duplicate', 'failed', 'dead_lettered']) {
      expect(sample(page, 'mosaic_consumer_events_total', { group, outcome: name })).toBe(0);
    }
    expect(sample(page, 'mosaic_consumer_lag', { group })).toBe(0);
    expect(sample(page, 'mosaic_consumer_lag', { group: 'books.hold' })).toBe(0);
    expect(sample(page, 'mosaic_dead_letters', { group })).toBe(0);
    expect(sample(page, 'mosaic_outbox_backlog', { service: 'books' })).toBe(0);
  });

  it('counts deliveries by outcome: handled, failed then handled, failed then dead-lettered, duplicate', async () => {
    await publish('plain');
    await publish('flaky');
    await publish('poison');
    await waitFor(async () => (await outcome('dead_lettered')) === 1, { what: 'the poison dead-lettered' });
    await waitFor(async () => (await outcome('handled')) === 2, { what: 'plain and flaky handled' });
    expect(await outcome('failed')).toBe(2); // flaky's first try, poison's first try
    expect(sample(await scrape(), 'mosaic_dead_letters', { group })).toBe(1);
    // Read again from the start: the inbox skips what was handled.
    await bus.rewind(group);
    await waitFor(async () => (await outcome('duplicate')) === 2, { what: 'plain and flaky seen as duplicates' });
    await waitFor(async () => (await outcome('dead_lettered')) === 2, { what: 'the poison dead-lettered again' });
    expect(await outcome('handled')).toBe(2);
    expect(sample(await scrape(), 'mosaic_dead_letters', { group })).toBe(1); // the same entry, updated
  });

  it('shows an event not handled yet as lag until it is handled', async () => {
    const lag = async () => sample(await scrape(), 'mosaic_consumer_lag', { group: 'books.hold' });
    await bus.publish([wrap('test', { type: 'EntryHeld', subject: 'held', data: { entry: 'held' } })]);
    await waitFor(async () => (await lag()) === 1, { what: 'a lag of 1' });
    expect(sample(await scrape(), 'mosaic_consumer_lag', { group })).toBe(0);
    behaviour.released = true;
    // The next retry is at most the backoff's 5 s away.
    await waitFor(async () => (await lag()) === 0, { what: 'a lag of 0', timeoutMs: 20_000 });
  });

  it('shows outbox rows the relay has not moved yet as the backlog', async () => {
    const books = system.service('books');
    books.relay.pause();
    const db = (await system.runtime.database('ledger', 'books')).db as Kysely<OutboxTables>;
    const envelope = wrap('test', { type: 'EntryMade', subject: 'held', data: { entry: 'held' } });
    await db
      .insertInto('mosaic_outbox')
      .values({ id: envelope.id, envelope: JSON.stringify(envelope), created_at: envelope.time })
      .execute();
    expect(sample(await scrape(), 'mosaic_outbox_backlog')).toBe(1);
    books.relay.resume();
    await waitFor(async () => sample(await scrape(), 'mosaic_outbox_backlog') === 0, { what: 'the outbox relayed' });
  });
});
