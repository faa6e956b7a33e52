// Test support (not exported): the bus conformance suite's part on retries, dead letters and replays (bus.ts runs it).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../messaging/bus.ts';
import { anEvent, delay, waitFor } from '../support/events.ts';
import { type BusRun, fast } from './bus-run.ts';

export function failureCases(run: BusRun): void {
  describe('retries and dead letters', () => {
    let bus: Bus;
    beforeEach(() => {
      bus = run.bus;
    });

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

      const again = await run.restarted();
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
}
