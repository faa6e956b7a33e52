// Test support (not exported): work queues as a service declares and uses them, run on each runtime
// (queues/service-queues.test.ts: embedded; queues/service-queues.distributed.test.ts: the real engines).
import { randomUUID } from 'node:crypto';
import { context } from '@opentelemetry/api';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeTraceIds, contextOfTraceparent } from '../../observability/tracing.ts';
import type { QueueDeadLetter } from '../../queues/queues.ts';
import { handleMessageOnce } from '../../queues/send.ts';
import { defineSystem, type SystemDefinition } from '../../runtime/system.ts';
import { defineService, type ServiceContext } from '../../service/define.ts';
import type { Tx } from '../../store/store.ts';
import type { TestSystem } from '../system.ts';
import { waitFor } from '../wait.ts';

interface KitchenTables {
  batches: { message_id: string; sku: string };
}
type Kitchen = ServiceContext<KitchenTables, never, never, 'restock' | 'slow' | 'long'>;
type Shop = ServiceContext<unknown, never, never, 'restock'>;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bakery: `shop` sends restock requests (with its transactions), `kitchen` works three queues — `restock` (a
 * batch per message, written once; `flour-out` fails until `cure.fixed`), `slow` (a handler that outlives its
 * deadline) and `long` (a handler that outlives its visibility timeout, kept by the heartbeat).
 */
interface Seen {
  slow: number;
  aborted: number;
  long: number[];
  longDone: number;
  /** The trace each restock's handler ran in, by sku. */
  traces: Map<string, string | undefined>;
}

function bakery(cure: { fixed: boolean }, seen: Seen) {
  const captured: { shop?: Shop; kitchen?: Kitchen } = {};
  const kitchen = defineService<KitchenTables, never, never, 'restock' | 'slow' | 'long'>({
    name: 'kitchen',
    system: 'bakery',
    migrations: {
      '001_batches': {
        async up(db) {
          await db.schema
            .createTable('batches')
            .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey())
            .addColumn('sku', 'varchar(50)', (c) => c.notNull())
            .execute();
        },
      },
    },
    endpoints: [],
    queues: {
      restock: {
        visibilityTimeoutMs: 2_000,
        maxReceives: 2,
        concurrency: 2,
        handlerTimeoutMs: 1_000,
        async handle(message, ctx) {
          const { sku } = message.body as { sku: string };
          seen.traces.set(sku, activeTraceIds()?.traceId);
          if (sku === 'flour-out' && !cure.fixed) throw new Error('the flour supplier answered 503');
          await handleMessageOnce(ctx.store, message, async (tx) => {
            await tx.db.insertInto('batches').values({ message_id: message.id, sku }).execute();
          });
        },
      },
      slow: {
        visibilityTimeoutMs: 1_000,
        maxReceives: 2,
        handlerTimeoutMs: 100,
        async handle(_message, _ctx, lease) {
          seen.slow++;
          await new Promise<void>((resolve) => lease.signal.addEventListener('abort', () => resolve()));
          seen.aborted++;
        },
      },
      long: {
        visibilityTimeoutMs: 600,
        maxReceives: 1,
        heartbeat: true,
        async handle(message) {
          seen.long.push(message.receives);
          await delay(1_500);
          seen.longDone++;
        },
      },
    },
    started(ctx) {
      captured.kitchen = ctx;
    },
  });
  const shop = defineService<unknown, never, never, 'restock'>({
    name: 'shop',
    system: 'bakery',
    migrations: {},
    endpoints: [],
    sendsTo: ['restock'],
    started(ctx) {
      captured.shop = ctx;
    },
  });
  const system = defineSystem({
    name: 'bakery',
    title: 'a bakery',
    gateway: { port: 0 },
    services: [
      { definition: kitchen, port: 0 },
      { definition: shop, port: 0 },
    ],
  });
  return { system, captured };
}

export function queueServiceSuite(start: (system: SystemDefinition) => Promise<TestSystem>) {
  const cure = { fixed: false };
  const seen: Seen = { slow: 0, aborted: 0, long: [], longDone: 0, traces: new Map() };
  const { system: definition, captured } = bakery(cure, seen);
  let system: TestSystem;
  const batches = async () => {
    const { db } = await system.runtime.database('bakery', 'kitchen');
    const rows = await (db as Kysely<KitchenTables>).selectFrom('batches').select('sku').orderBy('sku').execute();
    return rows.map((row) => row.sku);
  };
  const shop = () => captured.shop!;

  beforeAll(async () => {
    system = await start(definition);
  });
  afterAll(() => system?.close());

  describe('work queues in a service', () => {
    it('refuses at definition and at start a visibility timeout not longer than the handler deadline', async () => {
      const seedsBug = {
        name: 'worker',
        system: 'bakery',
        migrations: {},
        endpoints: [],
        queues: {
          restock: { visibilityTimeoutMs: 5_000, maxReceives: 5, handlerTimeoutMs: 20_000, handle: async () => {} },
        },
      };
      const refusal =
        /queue restock: its visibility timeout \(5000 ms\) is not longer than its handler's deadline \(20000 ms\)/;
      expect(() => defineService(seedsBug)).toThrow(refusal);
      const { startService } = await import('../../service/start.ts');
      await expect(startService(seedsBug, system.runtime)).rejects.toThrow(refusal);
      const heartbeat = { restock: { ...seedsBug.queues.restock, heartbeat: true } };
      expect(() => defineService({ ...seedsBug, queues: heartbeat })).not.toThrow();
    });

    it('sends a message with a transaction if, and only if, the transaction commits', async () => {
      await expect(
        shop().store.transaction(async (tx) => {
          await shop().queues.restock.send({ sku: 'rolled-back' }, { tx });
          throw new Error('the sale was refused');
        }),
      ).rejects.toThrow('the sale was refused');
      await shop().store.transaction(async (tx) => {
        await shop().queues.restock.send({ sku: 'glazed' }, { tx });
      });
      await waitFor(async () => (await batches()).includes('glazed'), { what: 'the committed restock handled' });
      await delay(300);
      expect(await batches()).toEqual(['glazed']);
    });

    it('handleMessageOnce skips a redelivered message whose work committed', async () => {
      const kitchen = captured.kitchen!;
      const redelivered = {
        id: randomUUID(),
        queue: 'restock',
        body: null,
        receives: 1,
        sentAt: new Date().toISOString(),
      };
      const bake = (tx: Tx<KitchenTables>) =>
        tx.db
          .insertInto('batches')
          .values({ message_id: redelivered.id, sku: 'cruller' })
          .execute()
          .then(() => {});
      expect(await handleMessageOnce(kitchen.store, redelivered, bake)).toBe('handled');
      expect(await handleMessageOnce(kitchen.store, { ...redelivered, receives: 2 }, bake)).toBe('duplicate');
      expect((await batches()).filter((sku) => sku === 'cruller')).toHaveLength(1);
    });

    it('sends once per dedupe key, without a transaction too', async () => {
      await shop().queues.restock.send({ sku: 'jelly' }, { dedupeKey: 'shortage:jelly:1' });
      await shop().queues.restock.send({ sku: 'jelly' }, { dedupeKey: 'shortage:jelly:1' });
      await waitFor(async () => (await batches()).includes('jelly'), { what: 'the jelly restock handled' });
      await delay(300);
      expect((await batches()).filter((sku) => sku === 'jelly')).toHaveLength(1);
    });

    it("runs each message's handler in the trace of the work that sent it, with a transaction or without", async () => {
      const sent = (traceId: string, sku: string, withTx: boolean) =>
        context.with(contextOfTraceparent(`00-${traceId}-b7ad6b7169203331-01`), () =>
          withTx
            ? shop().store.transaction((tx) => shop().queues.restock.send({ sku }, { tx }))
            : shop().queues.restock.send({ sku }),
        );
      await sent('0af7651916cd43dd8448eb211c80319c', 'traced-tx', true);
      await sent('1bf7651916cd43dd8448eb211c80319d', 'traced-direct', false);
      await waitFor(() => seen.traces.has('traced-tx') && seen.traces.has('traced-direct'), {
        what: 'both traced restocks handled',
      });
      expect(seen.traces.get('traced-tx')).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(seen.traces.get('traced-direct')).toBe('1bf7651916cd43dd8448eb211c80319d');
    });

    it('dead-letters a failing message with its error; the operator sees it and redrives it after the fix', async () => {
      await shop().queues.restock.send({ sku: 'flour-out' });
      const kitchenOps = system.operator('kitchen');
      const dead = await waitFor(
        async () => (await kitchenOps.get<QueueDeadLetter[]>('/admin/queues/restock/dlq')).body[0],
        { what: 'the failing restock in the dead letters' },
      );
      expect(dead).toMatchObject({ body: { sku: 'flour-out' }, error: 'the flour supplier answered 503', receives: 2 });
      const listed = await kitchenOps.get<{ name: string; deadLetters: number }[]>('/admin/queues');
      expect(listed.status).toBe(200);
      expect(listed.body.find((q) => q.name === 'restock')).toMatchObject({
        visibilityTimeoutMs: 2_000,
        maxReceives: 2,
        deadLetters: 1,
        depth: 0,
      });
      cure.fixed = true;
      const redrive = await kitchenOps.post('/admin/queues/restock/redrive', { ids: [dead.id] });
      expect(redrive).toMatchObject({ status: 202, body: { queue: 'restock', redriven: 1 } });
      await waitFor(async () => (await batches()).includes('flour-out'), { what: 'the redriven restock handled' });
      expect((await kitchenOps.get<unknown[]>('/admin/queues/restock/dlq')).body).toEqual([]);
      expect((await kitchenOps.get('/admin/queues/unknown/dlq')).status).toBe(404);
      expect((await system.direct('kitchen').get('/admin/queues')).status).toBe(401);
    });

    it('fails a receive whose handler outlives its deadline, aborting its signal, and dead-letters it after maxReceives', async () => {
      await captured.kitchen!.queues.slow.send({ job: 'stuck' });
      const dead = await waitFor(
        async () => (await system.operator('kitchen').get<QueueDeadLetter[]>('/admin/queues/slow/dlq')).body[0],
        { what: 'the slow job in the dead letters' },
      );
      expect(dead.error).toBe('the handler of queue slow did not finish within its deadline of 100 ms');
      expect(seen).toMatchObject({ slow: 2, aborted: 2 });
    });

    it('keeps a message whose handler outlives the visibility timeout when the queue has a heartbeat', async () => {
      await captured.kitchen!.queues.long.send({ job: 'proofing' });
      await waitFor(() => seen.longDone === 1 || undefined, { what: 'the long job done' });
      await waitFor(async () => (await queueFigures('long'))?.inFlight === 0, { what: 'the long job acknowledged' });
      await delay(700);
      expect(seen.long).toEqual([1]);
      expect(await queueFigures('long')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
    });

    it("exposes each queue's depth, in-flight count, oldest age and dead letters on /metrics", async () => {
      const metrics = await system.direct('kitchen').get<string>('/metrics');
      expect(metrics.status).toBe(200);
      for (const name of [
        'mosaic_queue_depth',
        'mosaic_queue_in_flight',
        'mosaic_queue_oldest_message_age_seconds',
        'mosaic_queue_dead_letters',
      ]) {
        expect(metrics.body).toMatch(new RegExp(`^${name}\\{[^}]*queue="restock"[^}]*\\} 0$`, 'm'));
      }
      expect(metrics.body).toMatch(/^mosaic_queue_dead_letters\{[^}]*queue="slow"[^}]*\} 1$/m);
    });
  });

  async function queueFigures(name: string) {
    const listed = await system
      .operator('kitchen')
      .get<{ name: string; depth: number; inFlight: number }[]>('/admin/queues');
    return listed.body.find((q) => q.name === name);
  }
}
