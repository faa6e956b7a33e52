import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { silentLogger } from '../../observability/logger.ts';
import type { ServiceDatabase } from '../../store/database.ts';
import { migrate } from '../../store/migrations.ts';
import {
  checkQueueSpec,
  DEDUPE_WINDOW_MS,
  errorText,
  type Lease,
  leaseExpiredError,
  type QueueConsumer,
  type QueueSpec,
  retryDelayMs,
  type WorkQueues,
} from '../queues.ts';
import { type QueueDb, type QueueTables, queueMigrations } from './queue-tables.ts';

export interface EmbeddedQueuesOptions {
  logger?: Logger;
  /** How often consumers look for messages whose lease ran out; a send in this process wakes them at once. Default 250 ms. */
  pollMs?: number;
}

type Row = QueueTables['queue_message'];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The embedded runtime's work queues: rows in the given schema of the system's PGlite (`mosaic_queues`). A receive
 * is a conditional UPDATE that takes visible rows and stamps them with a fresh lease token and a new `visible_at`;
 * acknowledging, failing and extending all name that token, so a worker whose lease was taken over changes nothing.
 *
 * One instance per database (consumers are woken in this process). Never call `send` inside a store transaction
 * on the same PGlite (one connection): send with the transaction instead (`ctx.queues.<name>.send(body, { tx })`).
 */
export async function createEmbeddedQueues(
  database: ServiceDatabase,
  options: EmbeddedQueuesOptions = {},
): Promise<WorkQueues> {
  await migrate(database, queueMigrations, 'mosaic_queue_migration');
  const db = database.db as QueueDb;
  const logger = options.logger ?? silentLogger();
  const pollMs = options.pollMs ?? 250;
  const wakers = new Map<string, Set<() => void>>();
  const consumers = new Set<QueueConsumer>();
  let closed = false;

  const wake = (queue: string) => {
    for (const w of wakers.get(queue) ?? []) w();
  };

  async function specOf(queue: string): Promise<QueueSpec> {
    const row = await db.selectFrom('queue_spec').selectAll().where('name', '=', queue).executeTakeFirst();
    if (!row) throw new Error(`no queue ${queue}: the service that works it declares it when it starts`);
    return { name: row.name, visibilityTimeoutMs: row.visibility_timeout_ms, maxReceives: row.max_receives };
  }

  /** Dead-letters messages whose last lease ran out, then leases up to `n` visible ones. */
  async function receive(spec: QueueSpec, n: number): Promise<{ rows: Row[]; token: string }> {
    const now = Date.now();
    await db
      .updateTable('queue_message')
      .set({
        state: 'dead',
        failed_at: iso(now),
        leased_by: null,
        last_error: leaseExpiredError(spec, spec.maxReceives),
      })
      .where('queue', '=', spec.name)
      .where('state', '=', 'ready')
      .where('visible_at', '<=', iso(now))
      .where('receives', '>=', spec.maxReceives)
      .execute();
    const token = randomUUID();
    const rows = await db
      .updateTable('queue_message')
      .set((eb) => ({
        receives: eb('receives', '+', 1),
        leased_by: token,
        visible_at: iso(now + spec.visibilityTimeoutMs),
      }))
      .where(
        'id',
        'in',
        db
          .selectFrom('queue_message')
          .select('id')
          .where('queue', '=', spec.name)
          .where('state', '=', 'ready')
          .where('visible_at', '<=', iso(now))
          .orderBy('sent_at')
          .orderBy('id')
          .limit(n),
      )
      .returningAll()
      .execute();
    rows.sort((a, b) => (a.sent_at === b.sent_at ? a.id.localeCompare(b.id) : a.sent_at.localeCompare(b.sent_at)));
    return { rows, token };
  }

  async function settle(spec: QueueSpec, row: Row, token: string, outcome: { error?: unknown }): Promise<void> {
    const held = (q: ReturnType<typeof db.updateTable<'queue_message'>>) =>
      q.where('id', '=', row.id).where('leased_by', '=', token).where('state', '=', 'ready');
    let changed: bigint;
    if (!('error' in outcome)) {
      const result = await db
        .deleteFrom('queue_message')
        .where('id', '=', row.id)
        .where('leased_by', '=', token)
        .executeTakeFirst();
      changed = result.numDeletedRows;
    } else if (row.receives >= spec.maxReceives) {
      const result = await held(db.updateTable('queue_message'))
        .set({ state: 'dead', failed_at: iso(Date.now()), leased_by: null, last_error: errorText(outcome.error) })
        .executeTakeFirst();
      changed = result.numUpdatedRows;
    } else {
      const result = await held(db.updateTable('queue_message'))
        .set({
          visible_at: iso(Date.now() + retryDelayMs(spec, row.receives)),
          leased_by: null,
          last_error: errorText(outcome.error),
        })
        .executeTakeFirst();
      changed = result.numUpdatedRows;
    }
    if (changed === 0n) {
      logger.warn({ queue: spec.name, id: row.id }, 'a worker finished a message whose lease it had lost; left as is');
    }
  }

  function assertOpen(what: string): void {
    if (closed) throw new Error(`the queues are closed: cannot ${what}; open them again`);
  }

  return {
    async declare(spec) {
      assertOpen(`declare ${spec.name}`);
      checkQueueSpec(spec);
      await db
        .insertInto('queue_spec')
        .values({ name: spec.name, visibility_timeout_ms: spec.visibilityTimeoutMs, max_receives: spec.maxReceives })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ visibility_timeout_ms: spec.visibilityTimeoutMs, max_receives: spec.maxReceives }),
        )
        .execute();
    },

    async send(queue, messages) {
      assertOpen(`send to ${queue}`);
      if (messages.length === 0) return;
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('queue_sent')
          .where('queue', '=', queue)
          .where('sent_at', '<', iso(now - DEDUPE_WINDOW_MS))
          .execute();
        for (const message of messages) {
          const sent = await trx
            .insertInto('queue_sent')
            .values({ queue, dedupe_key: message.dedupeKey ?? message.id, sent_at: iso(now) })
            .onConflict((oc) => oc.columns(['queue', 'dedupe_key']).doNothing())
            .executeTakeFirst();
          if ((sent.numInsertedOrUpdatedRows ?? 0n) === 0n) continue;
          await trx
            .insertInto('queue_message')
            .values({
              id: message.id,
              queue,
              body: JSON.stringify(message.body ?? null),
              traceparent: message.traceparent ?? null,
              sent_at: message.sentAt,
              state: 'ready',
              receives: 0,
              visible_at: iso(now),
              leased_by: null,
              last_error: null,
              failed_at: null,
            })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
        }
      });
      wake(queue);
    },

    async consume(queue, consumeOptions, handler) {
      assertOpen(`consume ${queue}`);
      const spec = await specOf(queue);
      const concurrency = Math.max(1, Math.floor(consumeOptions.concurrency));
      const running = new Set<Promise<void>>();
      let stopped = false;
      let nudge: (() => void) | undefined;
      const waker = () => nudge?.();
      const set = wakers.get(queue) ?? new Set<() => void>();
      wakers.set(queue, set);
      set.add(waker);

      const handle = async (row: Row, token: string) => {
        const abort = new AbortController();
        let expiresAt = new Date(row.visible_at);
        const lease: Lease = {
          get expiresAt() {
            return expiresAt;
          },
          signal: abort.signal,
          async extend() {
            const until = Date.now() + spec.visibilityTimeoutMs;
            const result = await db
              .updateTable('queue_message')
              .set({ visible_at: iso(until) })
              .where('id', '=', row.id)
              .where('leased_by', '=', token)
              .where('state', '=', 'ready')
              .executeTakeFirst();
            if (result.numUpdatedRows === 0n) throw new Error(`the lease on message ${row.id} was lost`);
            expiresAt = new Date(until);
          },
        };
        const message = {
          id: row.id,
          queue,
          body: JSON.parse(row.body) as unknown,
          receives: row.receives,
          sentAt: row.sent_at,
          ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        };
        try {
          await handler(message, lease);
          await settle(spec, row, token, {});
        } catch (error) {
          await settle(spec, row, token, { error }).catch((err: unknown) =>
            logger.error({ err, queue, id: row.id }, 'could not record a failed message; its lease runs out instead'),
          );
        }
      };

      const loop = (async () => {
        while (!stopped && !closed) {
          const free = concurrency - running.size;
          if (free > 0) {
            try {
              const { rows, token } = await receive(spec, free);
              for (const row of rows) {
                const job = handle(row, token).finally(() => {
                  running.delete(job);
                  waker();
                });
                running.add(job);
              }
              if (rows.length === free) continue;
            } catch (err) {
              if (stopped || closed) break;
              logger.warn({ err, queue }, 'could not receive from the queue; trying again');
            }
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, pollMs);
            function done() {
              clearTimeout(timer);
              nudge = undefined;
              resolve();
            }
            nudge = done;
          });
        }
      })();

      let stopping: Promise<void> | undefined;
      const consumer: QueueConsumer = {
        stop() {
          stopping ??= (async () => {
            stopped = true;
            nudge?.();
            await loop;
            await Promise.allSettled([...running]);
            set.delete(waker);
            consumers.delete(consumer);
          })();
          return stopping;
        },
      };
      consumers.add(consumer);
      return consumer;
    },

    async declared() {
      const rows = await db.selectFrom('queue_spec').selectAll().orderBy('name').execute();
      return rows.map((row) => ({
        name: row.name,
        visibilityTimeoutMs: row.visibility_timeout_ms,
        maxReceives: row.max_receives,
      }));
    },

    async stats(queue) {
      const now = iso(Date.now());
      const rows = await db
        .selectFrom('queue_message')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('state', '=', 'dead').as('dead'),
          eb.fn
            .countAll<number>()
            .filterWhere((w) =>
              w.and([w('state', '=', 'ready'), w('leased_by', 'is not', null), w('visible_at', '>', now)]),
            )
            .as('in_flight'),
          eb.fn.countAll<number>().filterWhere('state', '=', 'ready').as('ready'),
          eb.fn.min('sent_at').filterWhere('state', '=', 'ready').as('oldest'),
        ])
        .where('queue', '=', queue)
        .executeTakeFirstOrThrow();
      const inFlight = Number(rows.in_flight);
      return {
        queue,
        depth: Number(rows.ready) - inFlight,
        inFlight,
        oldestAgeMs: rows.oldest ? Math.max(0, Date.now() - Date.parse(rows.oldest)) : 0,
        deadLetters: Number(rows.dead),
      };
    },

    async peek(queue, limit = 20) {
      const now = iso(Date.now());
      const rows = await db
        .selectFrom('queue_message')
        .selectAll()
        .where('queue', '=', queue)
        .where('state', '=', 'ready')
        .orderBy('sent_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        body: JSON.parse(row.body) as unknown,
        receives: row.receives,
        sentAt: row.sent_at,
        inFlight: row.leased_by !== null && row.visible_at > now,
      }));
    },

    async deadLetters(queue, limit = 100) {
      const rows = await db
        .selectFrom('queue_message')
        .selectAll()
        .where('queue', '=', queue)
        .where('state', '=', 'dead')
        .orderBy('failed_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        queue,
        body: JSON.parse(row.body) as unknown,
        error: row.last_error ?? '',
        receives: row.receives,
        sentAt: row.sent_at,
        failedAt: row.failed_at ?? row.sent_at,
      }));
    },

    async redrive(queue, ids) {
      if (ids && ids.length === 0) return 0;
      let update = db
        .updateTable('queue_message')
        .set({ state: 'ready', receives: 0, visible_at: iso(Date.now()), leased_by: null, failed_at: null })
        .where('queue', '=', queue)
        .where('state', '=', 'dead');
      if (ids) update = update.where('id', 'in', [...ids]);
      const result = await update.executeTakeFirst();
      wake(queue);
      return Number(result.numUpdatedRows);
    },

    async close() {
      if (closed) return;
      await Promise.all([...consumers].map((c) => c.stop()));
      closed = true;
    },
  };
}
