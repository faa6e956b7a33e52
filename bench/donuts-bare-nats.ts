// The bare engine beside the kit's distributed queue: the NATS client alone (the packages the kit itself uses,
// @nats-io/transport-node and @nats-io/jetstream), no Mosaic code. A work-queue stream of its own with one
// durable pull consumer; each round publishes N messages, then consumes them (the client's default `consume()`
// buffer) and acks each, until the stream holds none: the same shape as the kit's rounds.

import { readDistributedConfig } from '@mosaic/kit/runtime';
import { freshNamespace } from '@mosaic/kit/testing';
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { type QueueStack, roundOf } from './donuts-queue.ts';

const STATS_POLL_MS = 10;

export async function openBareNats(): Promise<QueueStack> {
  const nc = await connect({ servers: readDistributedConfig().urls.nats, name: 'donuts bench (bare)' });
  // A name no other run uses; deleted with everything in it at close.
  const token = freshNamespace().replace(/_$/, '');
  const stream = `BENCH_BARE_${token}`;
  const subject = `bench.bare.${token}`;
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  try {
    await jsm.streams.add({
      name: stream,
      subjects: [subject],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
    });
    await jsm.consumers.add(stream, {
      durable_name: 'workers',
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(30_000),
      max_ack_pending: 10_000,
    });
  } catch (error) {
    await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
    throw error;
  }
  const consumer = await js.consumers.get(stream, 'workers');
  return {
    async round(round, messages, sendInFlight) {
      const sendStart = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(sendInFlight, messages) }, async () => {
          while (next < messages) await js.publish(subject, JSON.stringify({ n: next++, round }));
        }),
      );
      const sendMs = performance.now() - sendStart;
      const drainStart = performance.now();
      const cpu = process.cpuUsage();
      const delivered = await consumer.consume();
      let acked = 0;
      for await (const m of delivered) {
        m.ack();
        if (++acked >= messages) break;
      }
      await delivered.close();
      while ((await jsm.streams.info(stream)).state.messages > 0) {
        await new Promise((resolve) => setTimeout(resolve, STATS_POLL_MS));
      }
      const drainMs = performance.now() - drainStart;
      return roundOf('bare NATS', round, messages, sendMs, drainMs, process.cpuUsage(cpu));
    },
    async close() {
      await jsm.streams.delete(stream);
      await nc.close();
    },
  };
}
