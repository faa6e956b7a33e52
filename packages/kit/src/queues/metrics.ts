import { Gauge, type Registry } from 'prom-client';
import type { WorkQueues } from './queues.ts';

/**
 * The queues' figures on a service's `/metrics`, read from the queues when scraped: depth, in flight, the age of
 * the oldest message and the dead letters, one series per queue the service works.
 */
export function installQueueMetrics(registry: Registry, names: readonly string[], queues: WorkQueues): void {
  if (names.length === 0) return;
  let reading: Promise<Awaited<ReturnType<WorkQueues['stats']>>[]> | undefined;
  // One read per scrape for all four gauges.
  const figures = () => {
    reading ??= Promise.all(names.map((name) => queues.stats(name))).finally(() => {
      setTimeout(() => {
        reading = undefined;
      }, 0);
    });
    return reading;
  };
  const gauge = (name: string, help: string, pick: (s: Awaited<ReturnType<WorkQueues['stats']>>) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        for (const stats of await figures()) this.set({ queue: stats.queue }, pick(stats));
      },
    });
  gauge('mosaic_queue_depth', 'Messages waiting to be received, by queue', (s) => s.depth);
  gauge('mosaic_queue_in_flight', 'Messages leased to a worker right now, by queue', (s) => s.inFlight);
  gauge(
    'mosaic_queue_oldest_message_age_seconds',
    'Age of the oldest message waiting or in flight, by queue (0 when empty)',
    (s) => s.oldestAgeMs / 1000,
  );
  gauge('mosaic_queue_dead_letters', "Messages in the queue's dead letters, by queue", (s) => s.deadLetters);
}
