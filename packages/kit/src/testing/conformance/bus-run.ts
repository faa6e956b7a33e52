// Test support (not exported): what the parts of the bus conformance suite share (bus.ts runs them all).
import type { Bus, Delivery, SubscribeOptions } from '../../messaging/bus.ts';
import type { Envelope } from '../../messaging/envelope.ts';

/** The bus under test. Each part reads `bus` before each test, after the suite opened a fresh target. */
export interface BusRun {
  readonly bus: Bus;
  /** The same log after a restart: a reopened bus where the adapter has one, else the same bus. */
  restarted(): Promise<Bus>;
}

export const fast = { initialMs: 5, maxMs: 20 };

export function collect(on: Bus, options: SubscribeOptions) {
  const seen: { event: Envelope; delivery: Delivery }[] = [];
  const subscription = on.subscribe(options, async (event, delivery) => {
    seen.push({ event, delivery });
  });
  return { seen, subscription };
}

export const ids = (list: { event: Envelope }[]) => list.map((s) => s.event.id);
export const sorted = (list: string[]) => [...list].sort();
export const ofSubject = (list: { event: Envelope }[], subject: string) =>
  list.filter((s) => s.event.subject === subject).map((s) => s.event.id);
