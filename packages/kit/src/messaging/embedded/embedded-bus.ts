import type { Logger } from 'pino';
import { silentLogger } from '../../observability/logger.ts';
import type { ServiceDatabase } from '../../store/database.ts';
import { migrate } from '../../store/migrations.ts';
import type { Bus, Subscription } from '../bus.ts';
import type { Envelope } from '../envelope.ts';
import { type BusDb, busMigrations } from './bus-tables.ts';
import { listDeadLetters, requestReplay } from './dead-letter-store.ts';
import { appendToLog, moveOutbox, openTail } from './event-log.ts';
import { createGroupConsumer, type GroupConsumer } from './group-consumer.ts';
import { countBehind } from './group-lag.ts';
import { positionOf, rewindGroup } from './group-positions.ts';
import type { TailEntry } from './log-tail.ts';

export interface EmbeddedBusOptions {
  logger?: Logger;
  /** Safety-net poll; events published through this bus wake its consumers at once. Default 1000 ms. */
  pollMs?: number;
  /** Handlers running at once per group, each on a different subject. Default 8. */
  concurrency?: number;
}

const BATCH_SIZE = 200;

/**
 * The embedded runtime's bus: a durable log in the given schema of the system's PGlite (e.g. `mosaic_bus`).
 *
 * One bus per database: groups are coordinated in this process, so two buses on the same data must not
 * consume at once. Never call `publish` inside a store transaction on the same PGlite: the dialect has one
 * connection, so the insert would wait for the transaction that waits for it (use the outbox and relay).
 */
export async function createEmbeddedBus(database: ServiceDatabase, options: EmbeddedBusOptions = {}): Promise<Bus> {
  await migrate(database, busMigrations, 'mosaic_bus_migration');
  const db = database.db as BusDb;
  const logger = options.logger ?? silentLogger();
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 8;
  const consumers = new Map<string, GroupConsumer>();
  const tail = await openTail(db);
  // One publish at a time: the tail learns each commit in seq order (see `readLog`), and PGlite's one
  // connection would run them one after another anyway.
  let appending: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** Runs one write to the log after the previous one, tells the tail what it stored, and wakes the groups. */
  async function append<T>(write: () => Promise<{ entries: TailEntry[]; result: T }>): Promise<T> {
    const appended = appending.then(async () => {
      const { entries, result } = await write();
      tail.appended(entries);
      return { entries, result };
    });
    appending = appended.catch(() => undefined);
    const { entries, result } = await appended;
    if (entries.length > 0) for (const consumer of consumers.values()) consumer.wake();
    return result;
  }

  function consumerOf(group: string): GroupConsumer {
    let consumer = consumers.get(group);
    if (!consumer) {
      consumer = createGroupConsumer({ db, tail, group, logger, concurrency, pollMs, batchSize: BATCH_SIZE });
      consumers.set(group, consumer);
    }
    return consumer;
  }

  function assertOpen(what: string): void {
    if (closed) throw new Error(`the bus is closed: cannot ${what}; open a new bus`);
  }

  return {
    async publish(events) {
      assertOpen('publish');
      if (events.length === 0) return;
      await append(async () => ({ entries: await appendToLog(db, events), result: undefined }));
    },

    outboxMover(service) {
      // Only a schema of this very PGlite: any other database is another connection, or another engine.
      const shared = database.engine !== undefined && service.engine === database.engine;
      if (!shared || !service.schema || !database.schema) return undefined;
      const schemas = { log: database.schema, outbox: service.schema };
      return async (limit) => {
        assertOpen('take events from an outbox');
        return append(async () => {
          const { logged, taken } = await moveOutbox(db, schemas, limit);
          const moved = logged.map((entry) => JSON.parse(entry.envelope) as Envelope);
          return { entries: logged, result: { moved, taken } };
        });
      };
    },

    async subscribe(subscribeOptions, handler) {
      assertOpen(`subscribe group ${subscribeOptions.group}`);
      if (!subscribeOptions.group) throw new Error('subscribe needs a group name, e.g. `order-mypage`');
      const consumer = consumerOf(subscribeOptions.group);
      const member = await consumer.join(subscribeOptions, handler);
      let stopping: Promise<void> | undefined;
      const subscription: Subscription = {
        group: subscribeOptions.group,
        stop() {
          stopping ??= consumer.leave(member);
          return stopping;
        },
      };
      return subscription;
    },

    async rewind(group) {
      assertOpen(`rewind group ${group}`);
      const consumer = consumers.get(group);
      if (consumer) await consumer.rewind();
      else await rewindGroup(db, group);
    },

    deadLetters: {
      list(filter) {
        return listDeadLetters(db, filter);
      },
      async replay(id) {
        const group = await requestReplay(db, id);
        if (group === undefined) return false;
        // Remembered in the table: a group with no member here picks it up when one subscribes.
        consumers.get(group)?.replayRequested();
        return true;
      },
    },

    async lag(groups) {
      assertOpen('read the lag of its groups');
      const behind = new Map<string, number>();
      for (const group of groups) {
        const consumer = consumers.get(group);
        // The types are known only from a member that joined through this bus; the log rows carry no group.
        const types = consumer?.types;
        if (!types) continue;
        const position = consumer.position ?? (await positionOf(db, group));
        if (position !== undefined) behind.set(group, await countBehind(db, position, tail.head, types));
      }
      return behind;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers.values()].map((consumer) => consumer.close()));
    },
  };
}
