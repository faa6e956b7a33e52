import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describeWithEngines,
  enginesRequired,
  engineUrls,
  natsServerBinaryAvailable,
  startPrivateNatsServer,
  uniqueName,
} from '../../testing/engines.ts';
import { anEvent, delay, waitFor } from '../../testing/support/events.ts';
import type { Bus } from '../bus.ts';
import type { Envelope } from '../envelope.ts';
import { createNatsBus, DEFAULT_PARTITIONS, type NatsBusOptions } from './nats-bus.ts';
import { connectNats } from './nats-connection.ts';
import { groupConsumerNames } from './nats-consumers.ts';
import { eventSubject, partitionOf, streamName } from './nats-names.ts';
import { removeNatsSystem } from './nats-stream.ts';

const fast = { initialMs: 5, maxMs: 20 };

/** Subjects that land in `partition` (or, with `not`, anywhere else), found by trying names. */
function subjectsIn(partition: number, count: number, partitions = DEFAULT_PARTITIONS, not = false): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    const subject = `order-${i}`;
    if ((partitionOf(subject, partitions) === partition) !== not) found.push(subject);
  }
  return found;
}

await describeWithEngines('nats', 'NATS JetStream bus', () => {
  const servers = engineUrls().nats;
  let nc: NatsConnection;
  let system = '';
  const opened: Bus[] = [];

  beforeAll(async () => {
    nc = await connectNats({ servers });
  });
  afterAll(async () => {
    await nc.close();
  });
  afterEach(async () => {
    for (const bus of opened.splice(0)) await bus.close();
    if (system) await removeNatsSystem(nc, system);
    system = '';
  });

  async function openBus(options: Partial<NatsBusOptions> = {}): Promise<Bus> {
    const bus = await createNatsBus({ servers, system, ...options });
    opened.push(bus);
    return bus;
  }

  function fresh(): void {
    system = uniqueName('nb');
  }

  describe('layout', () => {
    it('keeps the log in one file-backed stream per system with a duplicate window', async () => {
      fresh();
      await openBus({ duplicateWindowMs: 90_000 });
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(streamName(system));
      expect(info.config.storage).toBe('file');
      expect(info.config.duplicate_window).toBe(90_000 * 1_000_000);
      expect(info.config.subjects).toEqual([`mosaic.${system}.events.>`, `mosaic.${system}.replay.>`]);
    });

    it('gives a group one durable consumer per partition that allows one unacknowledged event', async () => {
      fresh();
      const bus = await openBus({ partitions: 4 });
      await bus.subscribe({ group: 'order.mypage', types: ['PayApproved'] }, async () => undefined);
      const jsm = await jetstreamManager(nc);
      const names: string[] = [];
      for await (const consumer of jsm.consumers.list(streamName(system))) {
        names.push(consumer.name);
        expect(consumer.config.max_ack_pending).toBe(1);
        expect(consumer.config.ack_policy).toBe('explicit');
      }
      expect(names.sort()).toEqual(groupConsumerNames('order.mypage', 4).sort());
      const p2 = await jsm.consumers.info(streamName(system), 'order_2emypage-p2');
      expect(p2.config.filter_subject).toBe(eventSubject(system, 'PayApproved', 2));
    });

    it('refuses to open with another partition count than the stream was made with', async () => {
      fresh();
      await openBus({ partitions: 8 });
      await expect(createNatsBus({ servers, system, partitions: 4 })).rejects.toThrow(
        /created with 8 partitions, but this process uses 4/,
      );
    });

    it('resolves publish only once the stream stored every event', async () => {
      fresh();
      const bus = await openBus();
      await bus.publish(Array.from({ length: 50 }, (_, i) => anEvent('Tick', `s${i % 7}`)));
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info(streamName(system))).state.messages).toBe(50);
    });

    it('says which engine is missing and how to start it', async () => {
      await expect(createNatsBus({ servers: 'nats://127.0.0.1:1', system: 'x' })).rejects.toThrow(
        /NATS is not reachable at nats:\/\/127\.0\.0\.1:1 .*nats-server -js/,
      );
    });

    it('leaves a connection it was given open', async () => {
      fresh();
      const bus = await createNatsBus({ servers, system, connection: nc });
      await bus.close();
      expect(nc.isClosed()).toBe(false);
    });
  });

  describe('order across replicas and retries', () => {
    it('keeps each subject in publish order across two processes sharing a group, with failing first tries', async () => {
      fresh();
      // Two buses, two connections: as two replicas in two processes (nothing in-process is shared).
      const replicas = [await openBus(), await openBus()];
      const subjects = ['a', 'b', 'c', 'd', 'e', 'f'];
      const events: Envelope[] = [];
      for (let i = 0; i < 12; i++) for (const subject of subjects) events.push(anEvent('Tick', subject, { i }));
      const flaky = new Set(events.filter((_, i) => i % 4 === 1).map((e) => e.id));
      const handled: Envelope[] = [];
      const byReplica = [0, 0];
      const busy = new Set<string>();
      let overlaps = 0;
      let retried = 0;
      for (const [index, bus] of replicas.entries()) {
        await bus.subscribe({ group: 'g', types: ['Tick'], backoff: fast }, async (event, delivery) => {
          if (busy.has(event.subject)) overlaps++;
          busy.add(event.subject);
          try {
            await delay(Math.random() * 3);
            if (flaky.has(event.id) && delivery.attempt === 1) {
              retried++;
              throw new Error('first try fails');
            }
            handled.push(event);
            byReplica[index]!++;
          } finally {
            busy.delete(event.subject);
          }
        });
      }
      for (let i = 0; i < events.length; i += 10) await replicas[i % 2]!.publish(events.slice(i, i + 10));
      await waitFor('every event', () => handled.length === events.length, 20_000);
      await delay(100);
      expect(handled).toHaveLength(events.length);
      for (const subject of subjects) {
        expect(handled.filter((e) => e.subject === subject).map((e) => e.id)).toEqual(
          events.filter((e) => e.subject === subject).map((e) => e.id),
        );
      }
      expect(overlaps).toBe(0);
      expect(retried).toBe(flaky.size);
      expect(byReplica[0]).toBeGreaterThan(0);
      expect(byReplica[1]).toBeGreaterThan(0);
    });

    it('lets subjects of other partitions through while an event waits for its retries', async () => {
      fresh();
      const bus = await openBus();
      const [bad] = subjectsIn(3, 1);
      const good = subjectsIn(3, 3, DEFAULT_PARTITIONS, true);
      const poison = anEvent('Tick', bad!);
      const order: string[] = [];
      await bus.subscribe(
        { group: 'g', types: ['Tick'], maxAttempts: 3, backoff: { initialMs: 150, maxMs: 150 } },
        async (event, delivery) => {
          order.push(event.id === poison.id ? `bad:${delivery.attempt}` : 'good');
          if (event.id === poison.id) throw new Error('poison');
        },
      );
      await bus.publish([poison, ...good.map((subject) => anEvent('Tick', subject))]);
      await waitFor('the dead letter', async () => (await bus.deadLetters.list()).length === 1);
      expect(order.filter((o) => o === 'good')).toHaveLength(3);
      expect(order.lastIndexOf('good')).toBeLessThan(order.indexOf('bad:2'));
    });

    it('holds back the other subjects of its partition until a failing event is dead-lettered (the trade-off)', async () => {
      fresh();
      const bus = await openBus();
      const [bad, neighbour] = subjectsIn(5, 2);
      const poison = anEvent('Tick', bad!);
      const order: string[] = [];
      await bus.subscribe(
        { group: 'g', types: ['Tick'], maxAttempts: 3, backoff: { initialMs: 50, maxMs: 50 } },
        async (event, delivery) => {
          order.push(event.id === poison.id ? `bad:${delivery.attempt}` : 'neighbour');
          if (event.id === poison.id) throw new Error('poison');
        },
      );
      await bus.publish([poison, anEvent('Tick', neighbour!)]);
      await waitFor('the neighbour', () => order.includes('neighbour'));
      expect(order).toEqual(['bad:1', 'bad:2', 'bad:3', 'neighbour']);
    });
  });

  describe('resilience', () => {
    it('dead-letters a message that is not an envelope instead of dropping it', async () => {
      fresh();
      const bus = await openBus({ partitions: 1 });
      const handled: string[] = [];
      await bus.subscribe({ group: 'g', types: ['Tick'], maxAttempts: 2, backoff: fast }, async (event) => {
        handled.push(event.id);
      });
      nc.publish(eventSubject(system, 'Tick', 0), 'not json');
      // Another connection than the bus's: make sure the server has the bad message before the good one.
      await nc.flush();
      const after = anEvent('Tick', 's1');
      await bus.publish([after]);
      await waitFor('the event after it', () => handled.length === 1);
      await waitFor('the dead letter', async () => (await bus.deadLetters.list()).length === 1);
      const [letter] = await bus.deadLetters.list();
      expect(letter).toMatchObject({ group: 'g', error: expect.stringMatching(/not a Mosaic event envelope/) });
      expect(letter!.event.data).toBe('not json');
    });

    it('follows a rewind done by another process', async () => {
      fresh();
      const member = await openBus();
      const admin = await openBus();
      const events = [anEvent('Tick', 's1'), anEvent('Tick', 's2')];
      const seen: string[] = [];
      await member.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
        seen.push(event.id);
      });
      await member.publish(events);
      await waitFor('the first pass', () => seen.length === 2);
      await admin.rewind('g');
      await waitFor('the second pass', () => seen.length === 4, 10_000);
      expect(seen.slice(2).sort()).toEqual(events.map((e) => e.id).sort());
    });

    it('recreates a consumer deleted from under a running group and goes on', async () => {
      fresh();
      const bus = await openBus({ partitions: 2 });
      const seen: string[] = [];
      await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
        seen.push(event.id);
      });
      const jsm = await jetstreamManager(nc);
      for (const name of groupConsumerNames('g', 2)) await jsm.consumers.delete(streamName(system), name);
      const later = anEvent('Tick', 's1');
      await bus.publish([later]);
      await waitFor('the event after the deletion', () => seen.includes(later.id), 15_000);
    });
  });

  // A private server is killed and restarted (never the shared one); without the binary this part is skipped,
  // unless engines are required, when starting it fails with what to install.
  const restartable = natsServerBinaryAvailable() || enginesRequired();
  describe.runIf(restartable)('a NATS restart', () => {
    let server: Awaited<ReturnType<typeof startPrivateNatsServer>>;
    beforeAll(async () => {
      server = await startPrivateNatsServer();
    });
    afterAll(async () => {
      await server?.dispose();
    });

    it('is survived: the bus reconnects, publishes again and its group resumes where it was', async () => {
      system = uniqueName('nb');
      const bus = await createNatsBus({ servers: server.url, system });
      try {
        const seen: string[] = [];
        await bus.subscribe({ group: 'g', types: ['Tick'] }, async (event) => {
          seen.push(event.id);
        });
        const before = [anEvent('Tick', 's1'), anEvent('Tick', 's2')];
        await bus.publish(before);
        await waitFor('the events before the restart', () => seen.length === 2);

        await server.restart();
        const after = [anEvent('Tick', 's1'), anEvent('Tick', 's3')];
        // Like the relay: publish until the server takes it again.
        await waitFor(
          'a publish after the restart',
          () =>
            bus.publish(after).then(
              () => true,
              () => false,
            ),
          20_000,
        );
        await waitFor('the events after the restart', () => after.every((e) => seen.includes(e.id)), 20_000);
        // At-least-once: an ack the killed server had not stored yet brings an event back; nothing else may come.
        const known = new Set([...before, ...after].map((e) => e.id));
        expect(seen.filter((id) => !known.has(id))).toEqual([]);
      } finally {
        await bus.close();
      }
    });
  });
});
