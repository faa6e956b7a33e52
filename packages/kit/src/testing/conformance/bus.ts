// Test support (not exported): what every Bus adapter must do, run by messaging/embedded/embedded-bus.contract.test.ts
// and messaging/nats/nats-bus.contract.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../messaging/bus.ts';
import { anEvent, delay, waitFor } from '../support/events.ts';
import { failureCases } from './bus-failures.ts';
import { lagCases } from './bus-lag.ts';
import { orderCases } from './bus-order.ts';
import { type BusRun, collect, ids, ofSubject, sorted } from './bus-run.ts';

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

/**
 * One suite for every `Bus` adapter (embedded PGlite log, NATS JetStream): the promises of the port in
 * messaging/bus.ts that services rely on, whichever runtime they run in. Each test gets a fresh target from
 * `open`. Adapter-specific behaviour (polling, partitions, reconnects) is tested beside each adapter. The
 * order and failure cases live in bus-order.ts and bus-failures.ts, run from here on the same targets.
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

    const run: BusRun = {
      get bus() {
        return bus;
      },
      restarted,
    };

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
    orderCases(run);
    failureCases(run);
    lagCases(run);

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
