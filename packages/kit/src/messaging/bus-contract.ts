import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, Delivery, SubscribeOptions } from './bus.ts';
import type { Envelope } from './envelope.ts';
import { anEvent, delay, waitFor } from './test-support.ts';

/** What a bus contract run needs: a bus on a fresh, private log, and a way to throw that log away. */
export interface BusTarget {
  bus: Bus;
  /**
   * Another bus over the same log, groups and dead letters, as a restarted process would open it. The
   * caller closes the previous bus first.
   */
  reopen?(): Promise<Bus>;
  /** Closes every bus opened on this target and deletes its data. */
  close(): Promise<void>;
}

const fast = { initialMs: 5, maxMs: 20 };

/**
 * One suite for every `Bus` adapter (embedded PGlite log, NATS JetStream): the promises of the port in
 * bus.ts that services rely on, whichever runtime they run in. Each test gets a fresh target from `open`.
 * Adapter-specific behaviour (polling, partitions, reconnects) is tested beside each adapter.
 */
export function busContract(name: string, open: () => Promise<BusTarget>) {
  describe(`bus contract: ${name}`, () => {
    let target: BusTarget;
    let bus: Bus;

    beforeEach(async () => {
      target = await open();
      bus = target.bus;
    });
    afterEach(async () => {
      await target.close();
    });

    /** The same log after a restart: a reopened bus where the adapter has one, else the same bus. */
    async function restarted(): Promise<Bus> {
      if (!target.reopen) return bus;
      await bus.close();
      bus = await target.reopen();
      return bus;
    }

    function collect(on: Bus, options: SubscribeOptions) {
      const seen: { event: Envelope; delivery: Delivery }[] = [];
      const subscription = on.subscribe(options, async (event, delivery) => {
        seen.push({ event, delivery });
      });
      return { seen, subscription };
    }

    const ids = (list: { event: Envelope }[]) => list.map((s) => s.event.id);
    const sorted = (list: string[]) => [...list].sort();
    const ofSubject = (list: { event: Envelope }[], subject: string) =>
      list.filter((s) => s.event.subject === subject).map((s) => s.event.id);

    describe('publish and subscribe', () => {
      it('hands published events to a subscriber, each subject in publish order, first attempt 1', async () => {
        const events = [
          anEvent('OrderPlaced', 'o1', { n: 1 }),
          anEvent('OrderPlaced', 'o2', { n: 1 }),
          anEvent('OrderPlaced', 'o1', { n: 2 }),
          anEvent('OrderPlaced', 'o1', { n: 3 }),
          anEvent('OrderPlaced', 'o2', { n: 2 }),
        ];
        await bus.publish(events);
        const { seen } = collect(bus, { group: 'g', types: ['OrderPlaced'] });
        await waitFor('5 deliveries', () => seen.length === 5);
        for (const subject of ['o1', 'o2']) {
          expect(ofSubject(seen, subject)).toEqual(events.filter((e) => e.subject === subject).map((e) => e.id));
        }
        expect(seen.map((s) => s.delivery.attempt)).toEqual([1, 1, 1, 1, 1]);
        expect(seen.find((s) => s.event.id === events[0]!.id)!.event).toEqual(events[0]);
      });

      it('hands a group only the types it subscribed to', async () => {
        const a1 = anEvent('A', 's1');
        const b1 = anEvent('B', 's1');
        const a2 = anEvent('A', 's2');
        const c1 = anEvent('C', 's3');
        await bus.publish([a1, b1, a2, c1]);
        const onlyA = collect(bus, { group: 'only-a', types: ['A'] });
        const aAndB = collect(bus, { group: 'a-and-b', types: ['A', 'B'] });
        await waitFor('both groups', () => onlyA.seen.length === 2 && aAndB.seen.length === 3);
        await delay(100);
        expect(sorted(ids(onlyA.seen))).toEqual(sorted([a1.id, a2.id]));
        expect(ofSubject(aAndB.seen, 's1')).toEqual([a1.id, b1.id]);
        expect(sorted(ids(aAndB.seen))).toEqual(sorted([a1.id, b1.id, a2.id]));
      });

      it('stores an event id once, whether published twice in one call or again later', async () => {
        const event = anEvent('OrderPlaced', 'o1');
        const other = anEvent('OrderPlaced', 'o1');
        await bus.publish([event, event]);
        await bus.publish([event, other]);
        const { seen } = collect(bus, { group: 'g', types: ['OrderPlaced'] });
        await waitFor('2 deliveries', () => seen.length === 2);
        await delay(150);
        expect(ids(seen)).toEqual([event.id, other.id]);
      });

      it('starts a new group after the end of the log with startAt: new', async () => {
        await bus.publish([anEvent('A', 's1'), anEvent('A', 's2')]);
        const { seen, subscription } = collect(bus, { group: 'g', types: ['A'], startAt: 'new' });
        await subscription;
        const later = anEvent('A', 's1');
        await bus.publish([later]);
        await waitFor('the later event', () => seen.length === 1);
        await delay(100);
        expect(ids(seen)).toEqual([later.id]);
      });

      it('refuses to publish once closed', async () => {
        await bus.close();
        await expect(bus.publish([anEvent('Tick', 's1')])).rejects.toThrow(/closed/);
      });
    });

    describe('order and concurrency', () => {
      /** 8 subjects × `perSubject` events, published in several calls while the group runs. */
      function ticks(perSubject: number) {
        const subjects = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
        const events: Envelope[] = [];
        for (let i = 0; i < perSubject; i++)
          for (const subject of subjects) events.push(anEvent('Tick', subject, { i }));
        return { subjects, events };
      }

      async function publishInSlices(events: Envelope[]) {
        for (let i = 0; i < events.length; i += 13) await bus.publish(events.slice(i, i + 13));
      }

      it('handles one subject at a time, in publish order, while subjects run concurrently', async () => {
        const { subjects, events } = ticks(12);
        const handled: Envelope[] = [];
        const busy = new Set<string>();
        let running = 0;
        let mostRunning = 0;
        let overlaps = 0;
        await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
          if (busy.has(event.subject)) overlaps++;
          busy.add(event.subject);
          mostRunning = Math.max(mostRunning, ++running);
          await delay(Math.random() * 4);
          handled.push(event);
          running--;
          busy.delete(event.subject);
        });
        await publishInSlices(events);
        await waitFor('every event', () => handled.length === events.length, 15_000);
        for (const subject of subjects) {
          expect(handled.filter((e) => e.subject === subject).map((e) => e.id)).toEqual(
            events.filter((e) => e.subject === subject).map((e) => e.id),
          );
        }
        expect(overlaps).toBe(0);
        expect(mostRunning).toBeGreaterThan(1);
      });

      it('keeps that order across two members of a group, each event handled by one of them once', async () => {
        const { subjects, events } = ticks(10);
        const handled: Envelope[] = [];
        const counts = new Map<string, number>();
        const byMember = [0, 0];
        const busy = new Set<string>();
        let overlaps = 0;
        const member = (index: number) => async (event: Envelope) => {
          if (busy.has(event.subject)) overlaps++;
          busy.add(event.subject);
          await delay(Math.random() * 4);
          handled.push(event);
          counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
          byMember[index]!++;
          busy.delete(event.subject);
        };
        await bus.subscribe({ group: 'g', types: ['Tick'] }, member(0));
        await bus.subscribe({ group: 'g', types: ['Tick'] }, member(1));
        await publishInSlices(events);
        await waitFor('every event', () => counts.size === events.length, 15_000);
        await delay(150);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        for (const subject of subjects) {
          expect(handled.filter((e) => e.subject === subject).map((e) => e.id)).toEqual(
            events.filter((e) => e.subject === subject).map((e) => e.id),
          );
        }
        expect(overlaps).toBe(0);
        expect(byMember[0]).toBeGreaterThan(0);
        expect(byMember[1]).toBeGreaterThan(0);
      });

      it('stop() waits for the handler in flight and takes no more events', async () => {
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
        await delay(50);
        expect(stopped).toBe(false);
        release();
        await stopping;
        expect(finished).toBe(1);
        await delay(100);
        expect(started).toHaveLength(1);
      });
    });

    describe('retries and dead letters', () => {
      it('retries a throwing handler, counting attempts from 1', async () => {
        const attempts: number[] = [];
        await bus.subscribe({ group: 'g', types: ['Tick'], backoff: fast }, async (_event, delivery) => {
          attempts.push(delivery.attempt);
          if (delivery.attempt < 3) throw new Error(`not yet (${delivery.attempt})`);
        });
        await bus.publish([anEvent('Tick', 's1')]);
        await waitFor('the third attempt', () => attempts.length === 3);
        await delay(100);
        expect(attempts).toEqual([1, 2, 3]);
        expect(await bus.deadLetters.list()).toEqual([]);
      });

      it('dead-letters an event after maxAttempts with its error; its subject then moves on', async () => {
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

      it('replays a dead letter once, as a fresh delivery, and marks it replayed', async () => {
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
        await delay(100);
        expect(deliveries).toHaveLength(1);
      });

      it('keeps a dead letter un-replayed, with the new error, when its replay fails again', async () => {
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
        await delay(100);
        expect(failures).toBe(4);
      });

      it('serves a replay requested while no member listens when one subscribes after a restart', async () => {
        const subscription = await bus.subscribe(
          { group: 'g', types: ['Tick'], maxAttempts: 1, backoff: fast },
          async () => {
            throw new Error('down');
          },
        );
        const event = anEvent('Tick', 's1');
        await bus.publish([event]);
        await waitFor('the dead letter', async () => (await bus.deadLetters.list()).length === 1);
        await subscription.stop();
        const [letter] = await bus.deadLetters.list();
        expect(await bus.deadLetters.replay(letter!.id)).toBe(true);

        const again = await restarted();
        const handled: string[] = [];
        await again.subscribe({ group: 'g', types: ['Tick'], backoff: fast }, async (e) => {
          handled.push(e.id);
        });
        await waitFor('the replay', () => handled.length === 1);
        expect(handled).toEqual([event.id]);
        await waitFor('replayedAt', async () => (await again.deadLetters.list()).length === 0);
        const [replayed] = await again.deadLetters.list({ includeReplayed: true });
        expect(replayed!.replayedAt).not.toBeNull();
        await delay(100);
        expect(handled).toHaveLength(1);
      });
    });

    describe('durable groups', () => {
      it('continues a group where it stopped after a restart, catching up on what came meanwhile', async () => {
        const before = [anEvent('Tick', 's1'), anEvent('Tick', 's2'), anEvent('Tick', 's1')];
        const first = collect(bus, { group: 'g', types: ['Tick'] });
        await first.subscription;
        await bus.publish(before);
        await waitFor('the first events', () => first.seen.length === 3);
        await (await first.subscription).stop();

        const again = await restarted();
        const whileAway = [anEvent('Tick', 's2'), anEvent('Tick', 's3')];
        await again.publish(whileAway);
        const resumed = collect(again, { group: 'g', types: ['Tick'] });
        const newcomer = collect(again, { group: 'newcomer', types: ['Tick'] });
        await waitFor('catch-up', () => resumed.seen.length === 2 && newcomer.seen.length === 5);
        await delay(100);
        expect(sorted(ids(resumed.seen))).toEqual(sorted(whileAway.map((e) => e.id)));
        expect(sorted(ids(newcomer.seen))).toEqual(sorted([...before, ...whileAway].map((e) => e.id)));
      });

      it('rewinds a subscribed group to the start of the log', async () => {
        const events = [anEvent('Tick', 's1'), anEvent('Tick', 's2'), anEvent('Tick', 's1')];
        const { seen } = collect(bus, { group: 'g', types: ['Tick'] });
        await bus.publish(events);
        await waitFor('the first pass', () => seen.length === 3);
        await bus.rewind('g');
        await waitFor('the second pass', () => seen.length === 6);
        await delay(100);
        expect(seen).toHaveLength(6);
        expect(sorted(ids(seen.slice(3)))).toEqual(sorted(events.map((e) => e.id)));
        expect(ofSubject(seen.slice(3), 's1')).toEqual([events[0]!.id, events[2]!.id]);
      });

      it('rewinds a group with no member, which then starts from the beginning', async () => {
        const events = [anEvent('Tick', 's1'), anEvent('Tick', 's2')];
        await bus.publish(events);
        const first = collect(bus, { group: 'g', types: ['Tick'] });
        await waitFor('the first pass', () => first.seen.length === 2);
        await (await first.subscription).stop();
        await bus.rewind('g');
        const second = collect(bus, { group: 'g', types: ['Tick'] });
        await waitFor('the second pass', () => second.seen.length === 2);
        await delay(100);
        expect(sorted(ids(second.seen))).toEqual(sorted(events.map((e) => e.id)));
      });
    });
  });
}
