// Test support (not exported): the bus conformance suite's part on consumer lag (bus.ts runs it).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../messaging/bus.ts';
import { anEvent, waitFor } from '../support/events.ts';
import type { BusRun } from './bus-run.ts';

/** The lag of one group, failing when the adapter does not report it at all. */
async function lagOf(bus: Bus, group: string): Promise<number | undefined> {
  if (!bus.lag) throw new Error('this bus adapter does not report consumer lag');
  return (await bus.lag([group])).get(group);
}

export function lagCases(run: BusRun): void {
  describe('consumer lag', () => {
    let bus: Bus;
    beforeEach(() => {
      bus = run.bus;
    });

    it("counts a group's unfinished events of its own types, the one in its handler included, and 0 once handled", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const handled: string[] = [];
      await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
        await gate;
        handled.push(event.id);
      });
      // One subject: the first waits in the handler, the other two wait behind it on both adapters.
      await bus.publish([anEvent('Tick', 's1'), anEvent('Tick', 's1'), anEvent('Tick', 's1'), anEvent('Tock', 's1')]);
      await waitFor('a lag of 3 Ticks', async () => (await lagOf(bus, 'g')) === 3);
      release();
      await waitFor('the three Ticks handled', () => handled.length === 3);
      await waitFor('a lag of 0', async () => (await lagOf(bus, 'g')) === 0);
      expect(await lagOf(bus, 'g')).toBe(0);
    });

    it('counts a dead-lettered event as finished', async () => {
      await bus.subscribe({ group: 'g', types: ['Tick'], maxAttempts: 1 }, async () => {
        throw new Error('poison');
      });
      await bus.publish([anEvent('Tick', 's1')]);
      await waitFor('the dead letter', async () => (await bus.deadLetters.list({ group: 'g' })).length === 1);
      await waitFor('a lag of 0', async () => (await lagOf(bus, 'g')) === 0);
      expect(await lagOf(bus, 'g')).toBe(0);
    });

    it('leaves out a group nobody ever subscribed', async () => {
      await bus.subscribe({ group: 'g', types: ['Tick'] }, async () => {});
      const lag = bus.lag ? await bus.lag(['g', 'nobody']) : undefined;
      expect(lag?.has('g')).toBe(true);
      expect(lag?.has('nobody')).toBe(false);
    });
  });
}
