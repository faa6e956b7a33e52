// Test support (not exported): the bus conformance suite's part on order (bus.ts runs it).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../messaging/bus.ts';
import type { Envelope } from '../../messaging/envelope.ts';
import { anEvent, delay, waitFor } from '../support/events.ts';
import type { BusRun } from './bus-run.ts';

export function orderCases(run: BusRun): void {
  describe('order and concurrency', () => {
    let bus: Bus;
    beforeEach(() => {
      bus = run.bus;
    });

    /** 8 subjects × `perSubject` events, published in several calls while the group runs. */
    function ticks(perSubject: number) {
      const subjects = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
      const events: Envelope[] = [];
      for (let i = 0; i < perSubject; i++) for (const subject of subjects) events.push(anEvent('Tick', subject, { i }));
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
}
