import { handleMessageOnce, type QueueDeadLetter } from '@mosaic/kit/queues';
import { defineSystem, type SystemDefinition } from '@mosaic/kit/runtime';
import { defineService, type ServiceContext } from '@mosaic/kit/service';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The seed's DLQ tutorial (A-D5, D-B6, D-B11), replayed on the kit's queue with its times scaled down 10×:
 * visibility 3 s → 300 ms, "a consumer over 30 s has failed" → a 150 ms deadline, max receives 5; ten messages,
 * the even steps too slow. The seed found 52 messages in its DLQ; the right answer is 2, 4, 6, 8, 10, once each.
 */
interface Tables {
  processed: { message_id: string; step: number };
}
type Ctx = ServiceContext<Tables, never, never, 'jobs'>;

/** The tutorial on each runtime (dlq-tutorial.test.ts: embedded; dlq-tutorial.distributed.test.ts: NATS). */
export function dlqTutorialSuite(start: (definition: SystemDefinition) => Promise<TestSystem>) {
  const cure = { fixed: false };
  const captured: { ctx?: Ctx } = {};

  const consumer = defineService<Tables, never, never, 'jobs'>({
    name: 'consumer',
    system: 'dlqtutorial',
    migrations: {
      '001_processed': {
        async up(db) {
          await db.schema
            .createTable('processed')
            .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey())
            .addColumn('step', 'integer', (c) => c.notNull())
            .execute();
        },
      },
    },
    endpoints: [],
    queues: {
      jobs: {
        visibilityTimeoutMs: 300,
        handlerTimeoutMs: 150,
        maxReceives: 5,
        concurrency: 4,
        async handle(message, ctx, lease) {
          const { step } = message.body as { step: number };
          // The tutorial's even steps sleep 30 s: here they wait past the deadline until the kit aborts them.
          if (step % 2 === 0 && !cure.fixed) {
            await new Promise<void>((resolve) => lease.signal.addEventListener('abort', () => resolve()));
            throw new Error(`step ${step} took too long`);
          }
          await handleMessageOnce(ctx.store, message, async (tx) => {
            await tx.db.insertInto('processed').values({ message_id: message.id, step }).execute();
          });
        },
      },
    },
    started(ctx) {
      captured.ctx = ctx;
    },
  });

  const tutorial = defineSystem({
    name: 'dlqtutorial',
    title: "the seed's DLQ tutorial",
    gateway: { port: 0 },
    services: [{ definition: consumer, port: 0 }],
  });

  describe("the seed's DLQ tutorial, with the visibility timeout longer than the deadline", () => {
    let system: TestSystem;
    const processed = async () => {
      const { db } = await system.runtime.database('dlqtutorial', 'consumer');
      const rows = await (db as Kysely<Tables>).selectFrom('processed').select('step').orderBy('step').execute();
      return rows.map((r) => r.step);
    };

    beforeAll(async () => {
      system = await start(tutorial);
    });
    afterAll(() => system?.close());

    it('dead-letters exactly the slow messages 2, 4, 6, 8, 10 once each; a redrive after the fix handles each once', async () => {
      for (let step = 1; step <= 10; step++) await captured.ctx!.queues.jobs.send({ input: 1, step, tag: '1' });
      const ops = system.operator('consumer');
      const dead = await waitFor(
        async () => {
          const letters = (await ops.get<QueueDeadLetter[]>('/admin/queues/jobs/dlq')).body;
          return letters.length >= 5 ? letters : undefined;
        },
        { what: 'the five slow messages dead-lettered', timeoutMs: 20_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const settled = (await ops.get<QueueDeadLetter[]>('/admin/queues/jobs/dlq')).body;
      expect(settled.map((d) => (d.body as { step: number }).step).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10]);
      expect(settled.every((d) => d.receives === 5)).toBe(true);
      expect(await processed()).toEqual([1, 3, 5, 7, 9]);

      cure.fixed = true;
      const redrive = await ops.post('/admin/queues/jobs/redrive', { ids: dead.map((d) => d.id) });
      expect(redrive).toMatchObject({ status: 202, body: { redriven: 5 } });
      await waitFor(async () => ((await processed()).length === 10 ? true : undefined), { what: 'all ten handled' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await processed()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await ops.get<unknown[]>('/admin/queues/jobs/dlq')).body).toEqual([]);
    });
  });
}
