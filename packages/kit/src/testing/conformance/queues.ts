// Test support (not exported): what every WorkQueues adapter must do, run by queues/embedded/embedded-queues.contract.test.ts
// and queues/nats/nats-queues.distributed.test.ts.
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage, QueueMessage, QueueSpec, WorkQueues } from '../../queues/queues.ts';
import { waitFor } from '../wait.ts';

/** What a queues contract run needs: queues on fresh, private storage, and a way to throw it away. */
export interface QueuesTarget {
  queues: WorkQueues;
  /** Closes the queues and deletes their data. */
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function message(body: unknown, dedupeKey?: string): OutgoingMessage {
  return { id: uuidv7(), body, sentAt: new Date().toISOString(), ...(dedupeKey ? { dedupeKey } : {}) };
}

/**
 * One suite for every `WorkQueues` adapter (embedded PGlite rows, NATS JetStream work-queue streams): the promises
 * of the port in queues/queues.ts, whichever runtime a service runs in. Visibility timeouts are scaled down to a
 * few hundred milliseconds so lease expiry happens within a test.
 */
export function queuesContract(name: string, open: () => Promise<QueuesTarget>) {
  describe(`queues contract: ${name}`, () => {
    let target: QueuesTarget;
    let queues: WorkQueues;
    beforeEach(async () => {
      target = await open();
      queues = target.queues;
    });
    afterEach(async () => {
      await target.close();
    });

    const spec = (over: Partial<QueueSpec> = {}): QueueSpec => ({
      name: 'jobs',
      visibilityTimeoutMs: 2_000,
      maxReceives: 3,
      ...over,
    });

    it('hands each message sent to one worker, and an acknowledged message leaves the queue', async () => {
      await queues.declare(spec());
      await queues.send('jobs', [message({ n: 1 }), message({ n: 2 }), message({ n: 3 })]);
      const seen: QueueMessage[] = [];
      const worker = await queues.consume('jobs', { concurrency: 2 }, async (m) => {
        seen.push(m);
      });
      await waitFor(async () => (await queues.stats('jobs')).depth === 0 && seen.length === 3, { what: '3 handled' });
      await waitFor(async () => (await queues.stats('jobs')).inFlight === 0, { what: 'no message in flight' });
      await delay(300);
      await worker.stop();
      expect(seen.map((m) => (m.body as { n: number }).n).sort()).toEqual([1, 2, 3]);
      expect(seen.every((m) => m.receives === 1 && m.queue === 'jobs')).toBe(true);
      await queues.declare(spec({ name: 'other-jobs', visibilityTimeoutMs: 700, maxReceives: 4 }));
      expect(await queues.declared()).toEqual([
        spec(),
        { name: 'other-jobs', visibilityTimeoutMs: 700, maxReceives: 4 },
      ]);
      // Declared again with new settings (a new release of the worker): the queue takes them.
      await queues.declare(spec({ name: 'other-jobs', visibilityTimeoutMs: 900, maxReceives: 2 }));
      expect((await queues.declared())[1]).toEqual({ name: 'other-jobs', visibilityTimeoutMs: 900, maxReceives: 2 });
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0, oldestAgeMs: 0 });
    });

    it('drops a message whose dedupe key was sent a moment ago, and a message id sent twice', async () => {
      await queues.declare(spec());
      const again = message({ n: 2 });
      await queues.send('jobs', [message({ n: 1 }, 'restock:donut'), again]);
      await queues.send('jobs', [message({ n: 9 }, 'restock:donut'), again]);
      await waitFor(async () => (await queues.stats('jobs')).depth === 2, { what: 'depth 2' });
      const peeked = await queues.peek('jobs', 10);
      expect(peeked.map((m) => (m.body as { n: number }).n).sort()).toEqual([1, 2]);
    });

    it('makes a failed message visible again, with its receive count, until it succeeds', async () => {
      await queues.declare(spec());
      await queues.send('jobs', [message('flaky')]);
      const receives: number[] = [];
      const worker = await queues.consume('jobs', { concurrency: 1 }, async (m) => {
        receives.push(m.receives);
        if (m.receives < 2) throw new Error('factory down');
      });
      await waitFor(() => receives.length >= 2 || undefined, { what: 'a second receive' });
      await waitFor(async () => (await queues.stats('jobs')).depth + (await queues.stats('jobs')).inFlight === 0, {
        what: 'the message acknowledged',
      });
      await worker.stop();
      expect(receives).toEqual([1, 2]);
      expect((await queues.stats('jobs')).deadLetters).toBe(0);
    });

    it('gives a message whose lease ran out to another worker; the late worker cannot acknowledge it', async () => {
      await queues.declare(spec({ visibilityTimeoutMs: 400 }));
      await queues.send('jobs', [message('slow')]);
      const handled: string[] = [];
      let releaseStuck: () => void = () => {};
      const stuck = await queues.consume('jobs', { concurrency: 1 }, async (m) => {
        handled.push(`stuck:${m.receives}`);
        // Stuck past the lease, then "finishes" and resolves (which would acknowledge it, had it kept the lease).
        await new Promise<void>((resolve) => {
          releaseStuck = resolve;
        });
      });
      await waitFor(() => handled.includes('stuck:1') || undefined, { what: 'the stuck worker to receive it' });
      expect((await queues.stats('jobs')).inFlight).toBe(1);
      let resume: () => void = () => {};
      const other = await queues.consume('jobs', { concurrency: 1 }, async (m) => {
        handled.push(`other:${m.receives}`);
        await new Promise<void>((resolve) => {
          resume = resolve;
        });
      });
      await waitFor(() => handled.includes('other:2') || undefined, {
        what: 'the other worker to get it after 400 ms',
      });
      releaseStuck(); // the stuck worker finishes while the other holds the lease: its acknowledgement is refused
      await delay(150);
      expect((await queues.stats('jobs')).inFlight).toBe(1);
      resume();
      await waitFor(async () => (await queues.stats('jobs')).inFlight === 0, { what: 'the other to acknowledge' });
      await stuck.stop();
      await other.stop();
      expect(handled).toEqual(['stuck:1', 'other:2']);
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
    });

    it('keeps a message with a worker that extends its lease', async () => {
      await queues.declare(spec({ visibilityTimeoutMs: 600 }));
      await queues.send('jobs', [message('long')]);
      const receives: number[] = [];
      const worker = await queues.consume('jobs', { concurrency: 2 }, async (m, lease) => {
        receives.push(m.receives);
        for (let i = 0; i < 8; i++) {
          await delay(150);
          await lease.extend();
        }
      });
      await waitFor(async () => receives.length === 1 && (await queues.stats('jobs')).inFlight === 0, {
        what: 'the long job acknowledged',
      });
      await worker.stop();
      expect(receives).toEqual([1]);
      expect((await queues.stats('jobs')).depth).toBe(0);
    });

    it('moves a message to the dead letters with its last error after maxReceives, once', async () => {
      // A visibility well above the retries' 0.5 s and 1 s backoff: on a starved machine a 2 s lease can run out
      // between the delivery and the handler's failure, and the dead letter then says "not acknowledged" instead.
      await queues.declare(spec({ maxReceives: 3, visibilityTimeoutMs: 5_000 }));
      const poison = message({ sku: 'donut' });
      await queues.send('jobs', [poison]);
      let calls = 0;
      const worker = await queues.consume('jobs', { concurrency: 1 }, async (m) => {
        calls++;
        throw new Error(`factory answered 500 on receive ${m.receives}`);
      });
      await waitFor(async () => (await queues.stats('jobs')).deadLetters === 1, { what: 'one dead letter' });
      await delay(300);
      await worker.stop();
      expect(calls).toBe(3);
      const dead = await queues.deadLetters('jobs');
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        id: poison.id,
        queue: 'jobs',
        body: { sku: 'donut' },
        error: 'factory answered 500 on receive 3',
        receives: 3,
      });
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 1 });
    });

    it('dead-letters a message whose every lease ran out, saying so', async () => {
      await queues.declare(spec({ visibilityTimeoutMs: 300, maxReceives: 2 }));
      await queues.send('jobs', [message('never acked')]);
      let release: () => void = () => {};
      const hung = new Promise<void>((resolve) => {
        release = resolve;
      });
      let calls = 0;
      const worker = await queues.consume('jobs', { concurrency: 4 }, async () => {
        calls++;
        await hung;
      });
      const dead = await waitFor(async () => (await queues.deadLetters('jobs'))[0], { what: 'a dead letter' });
      expect(dead.error).toMatch(/not acknowledged within the visibility timeout of 300 ms/);
      expect(dead.receives).toBe(2);
      release(); // the hung workers finish late: the dead letter stays a dead letter
      await delay(200);
      await worker.stop();
      expect(calls).toBe(2);
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 1 });
    });

    it('redrives dead letters back to the queue: each is handled once, with a fresh receive count', async () => {
      await queues.declare(spec({ maxReceives: 2 }));
      const sent = [message({ n: 1 }), message({ n: 2 })];
      await queues.send('jobs', sent);
      let fixed = false;
      const afterFix: QueueMessage[] = [];
      const worker = await queues.consume('jobs', { concurrency: 2 }, async (m) => {
        if (!fixed) throw new Error('bug');
        afterFix.push(m);
      });
      await waitFor(async () => (await queues.stats('jobs')).deadLetters === 2, { what: 'two dead letters' });
      fixed = true;
      expect(await queues.redrive('jobs', [sent[0]!.id])).toBe(1);
      await waitFor(() => afterFix.length === 1 || undefined, { what: 'the first redriven' });
      expect(await queues.redrive('jobs')).toBe(1);
      await waitFor(() => afterFix.length === 2 || undefined, { what: 'the second redriven' });
      await delay(300);
      await worker.stop();
      expect(afterFix.map((m) => m.id)).toEqual(sent.map((m) => m.id));
      expect(afterFix.map((m) => m.receives)).toEqual([1, 1]);
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
      expect(await queues.redrive('jobs')).toBe(0);
    });

    it('runs at most `concurrency` handlers at once in a consumer', async () => {
      await queues.declare(spec());
      await queues.send(
        'jobs',
        Array.from({ length: 8 }, (_, n) => message({ n })),
      );
      let now = 0;
      let most = 0;
      let done = 0;
      const worker = await queues.consume('jobs', { concurrency: 3 }, async () => {
        now++;
        most = Math.max(most, now);
        await delay(60);
        now--;
        done++;
      });
      await waitFor(() => done === 8 || undefined, { what: '8 handled' });
      await worker.stop();
      expect(most).toBe(3);
    });

    it('reports depth, messages in flight, the age of the oldest message and the dead letters', async () => {
      await queues.declare(spec({ maxReceives: 1 }));
      expect(await queues.stats('jobs')).toEqual({
        queue: 'jobs',
        depth: 0,
        inFlight: 0,
        oldestAgeMs: 0,
        deadLetters: 0,
      });
      await queues.send('jobs', [message('poison'), message('a'), message('b'), message('c')]);
      await delay(200);
      const waiting = await queues.stats('jobs');
      expect(waiting).toMatchObject({ depth: 4, inFlight: 0, deadLetters: 0 });
      expect(waiting.oldestAgeMs).toBeGreaterThanOrEqual(150);
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const worker = await queues.consume('jobs', { concurrency: 1 }, async (m) => {
        if (m.body === 'poison') throw new Error('poison');
        await gate;
      });
      await waitFor(
        async () => {
          const s = await queues.stats('jobs');
          return s.deadLetters === 1 && s.inFlight === 1 && s.depth === 2 ? s : undefined;
        },
        { what: '1 dead, 1 in flight, 2 waiting' },
      );
      release();
      await waitFor(async () => (await queues.stats('jobs')).oldestAgeMs === 0, { what: 'an empty queue' });
      await worker.stop();
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 1 });
      const peeked = await queues.deadLetters('jobs');
      expect(peeked.map((d) => d.body)).toEqual(['poison']);
    });

    it("the seed's DLQ scenario: the even messages outlast their lease → exactly 2, 4, 6, 8, 10 dead, once; redriven after the fix, each handled once", async () => {
      // The seed: visibility 3 s, max receives 5, a worker slower than its lease on the even messages. Scaled down.
      await queues.declare(spec({ visibilityTimeoutMs: 500, maxReceives: 5 }));
      await queues.send(
        'jobs',
        Array.from({ length: 10 }, (_, i) => message({ n: i + 1 })),
      );
      let fixed = false;
      const finished = new Map<number, number>();
      const worker = await queues.consume('jobs', { concurrency: 20 }, async (m) => {
        const { n } = m.body as { n: number };
        if (n % 2 === 0 && !fixed) await delay(800); // longer than the lease, and no extend
        finished.set(n, (finished.get(n) ?? 0) + 1);
      });
      await waitFor(async () => (await queues.stats('jobs')).deadLetters === 5, {
        timeoutMs: 20_000,
        what: 'five dead letters',
      });
      await delay(900);
      const dead = await queues.deadLetters('jobs');
      expect(dead.map((d) => (d.body as { n: number }).n).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10]);
      expect(dead.every((d) => d.receives === 5 && /visibility timeout of 500 ms/.test(d.error))).toBe(true);
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 5 });
      for (const n of [1, 3, 5, 7, 9]) expect(finished.get(n)).toBe(1);

      fixed = true;
      for (const n of [2, 4, 6, 8, 10]) finished.delete(n);
      expect(await queues.redrive('jobs')).toBe(5);
      await waitFor(async () => (await queues.stats('jobs')).deadLetters === 0 && finished.size === 10, {
        what: 'the redriven five handled',
      });
      await delay(600);
      await worker.stop();
      expect([...finished.values()]).toEqual(Array(10).fill(1));
      expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
    });
  });
}
