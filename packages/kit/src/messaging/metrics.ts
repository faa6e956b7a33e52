import type { Kysely } from 'kysely';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../observability/logger.ts';
import type { ServiceDatabase } from '../store/database.ts';
import { defaultBackoff } from './backoff.ts';
import type { Bus, Delivery } from './bus.ts';
import { failureOf } from './dead-letters.ts';
import { retryInMs } from './delivery-failures.ts';
import type { Envelope } from './envelope.ts';
import type { OutboxTables } from './outbox.ts';

/** What became of one delivery to a group's handler. */
export type ConsumerOutcome = 'handled' | 'duplicate' | 'failed' | 'dead_lettered';

const OUTCOMES: readonly ConsumerOutcome[] = ['handled', 'duplicate', 'failed', 'dead_lettered'];

export interface ConsumerCounts {
  /**
   * Wraps a group's handler so each delivery is counted by outcome. The handler says `duplicate` when the inbox
   * skipped the event; a throw is `failed`, or `dead_lettered` when the bus will give up on it after this try.
   */
  counted(
    group: string,
    maxAttempts: number,
    handle: (event: Envelope, delivery: Delivery) => Promise<'handled' | 'duplicate' | undefined>,
  ): (event: Envelope, delivery: Delivery) => Promise<void>;
}

export interface MessagingMetricsOptions {
  /** The consumer groups this service runs (its policies' and its sagas'). */
  groups: readonly string[];
  bus: Bus;
  /** The service's own database, whose `mosaic_outbox` the relay drains. */
  database: ServiceDatabase;
  logger: Logger;
}

/**
 * The messaging figures on a service's `/metrics`: deliveries by outcome (counted as they happen), and the
 * consumer lag, the outbox backlog and the dead letters, read from the bus and the database when scraped. Every
 * replica of a service reports the same lag, backlog and dead letters (they are the group's and the database's,
 * not the process's): aggregate them with `max`, not `sum`.
 */
export function installMessagingMetrics(registry: Registry, options: MessagingMetricsOptions): ConsumerCounts {
  const { groups, bus, database, logger } = options;
  const events = new Counter({
    name: 'mosaic_consumer_events_total',
    help: 'Event deliveries to a consumer group handler, by outcome (handled, duplicate, failed, dead_lettered)',
    labelNames: ['group', 'outcome'],
    registers: [registry],
  });
  // Every series from the start: a rate over a counter that appears at its first increment misses that one.
  for (const group of groups) for (const outcome of OUTCOMES) events.inc({ group, outcome }, 0);

  /** A figure that cannot be read this scrape is left out rather than failing the whole page (HTTP included). */
  const readOrSkip = async (what: string, gauge: Gauge, read: () => Promise<void>) => {
    gauge.reset();
    try {
      await read();
    } catch (err) {
      logger.warn({ err }, `could not read ${what} for /metrics; left out of this scrape`);
      gauge.reset();
    }
  };

  if (groups.length > 0) {
    new Gauge({
      name: 'mosaic_consumer_lag',
      help: "Events of a consumer group's types published and not yet handled or dead-lettered by it, by group",
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        await readOrSkip('the consumer lag', this, async () => {
          const lag = (await bus.lag?.(groups)) ?? new Map<string, number>();
          for (const [group, behind] of lag) this.set({ group }, behind);
        });
      },
    });
    new Gauge({
      name: 'mosaic_dead_letters',
      help: 'Dead letters not (successfully) replayed, by consumer group',
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        await readOrSkip('the dead letters', this, async () => {
          const counts = await Promise.all(groups.map((group) => bus.deadLetters.list({ group })));
          for (const [i, group] of groups.entries()) this.set({ group }, counts[i]!.length);
        });
      },
    });
  }
  const outbox = database.db as Kysely<OutboxTables>;
  new Gauge({
    name: 'mosaic_outbox_backlog',
    help: 'Events and queue messages committed to the outbox and not yet relayed',
    registers: [registry],
    async collect() {
      await readOrSkip('the outbox backlog', this, async () => {
        const row = await outbox
          .selectFrom('mosaic_outbox')
          .select((eb) => eb.fn.countAll().as('rows'))
          .executeTakeFirst();
        this.set(Number(row?.rows ?? 0));
      });
    },
  });

  return {
    counted(group, maxAttempts, handle) {
      return async (event, delivery) => {
        try {
          events.inc({ group, outcome: (await handle(event, delivery)) ?? 'handled' });
        } catch (error) {
          // The buses' own rule (delivery-failures.ts) says whether this try was the last.
          const last = retryInMs(delivery.attempt, maxAttempts, defaultBackoff, failureOf(error)) === undefined;
          events.inc({ group, outcome: last ? 'dead_lettered' : 'failed' });
          throw error;
        }
      };
    },
  };
}
