import {
  AckPolicy,
  type Consumer,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StoredMsg,
} from '@nats-io/jetstream';
import { type MsgHdrs, type NatsConnection, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { silentLogger } from '../../observability/logger.ts';
import {
  checkQueueSpec,
  DEDUPE_WINDOW_MS,
  errorText,
  type Lease,
  leaseExpiredError,
  type PeekedMessage,
  type QueueConsumer,
  type QueueDeadLetter,
  type QueueMessage,
  type QueueSpec,
  retryDelayMs,
  type WorkQueues,
} from '../queues.ts';
import { HEADER, queueNames } from './nats-queue-names.ts';

export interface NatsQueuesOptions {
  connection: NatsConnection;
  /** The system's name on NATS (the namespace applied). */
  system: string;
  logger?: Logger;
  /** How long an idle worker's pull request waits at the server (and the longest a stop waits). Default 1000 ms. */
  pullExpiresMs?: number;
}

// A worker stops treating its lease as held this long before the server's ack_wait runs out, so it does not
// acknowledge a message the server is handing to another worker at that moment.
const LEASE_MARGIN_MS = 50;
// Stream sequences a peek or a dead-letter listing reads at most (acknowledged messages leave gaps).
const SCAN_LIMIT = 10_000;

/**
 * The distributed runtime's work queues: one JetStream stream per queue with `workqueue` retention (a message is
 * deleted when acknowledged) and one durable consumer, `workers`, shared by every worker of the queue:
 * `ack_wait` = the visibility timeout (a lease is the server's ack timer; `working()` extends it), and
 * `max_deliver` = maxReceives + 1. The extra delivery is never handed to a handler: it is how a message whose
 * last lease ran out (its worker crashed) reaches the dead letters — JetStream alone would keep it, undelivered,
 * forever. A failure on the last receive is dead-lettered at once. Dead letters are a stream of their own.
 */
export async function createNatsQueues(options: NatsQueuesOptions): Promise<WorkQueues> {
  const nc = options.connection;
  const { system } = options;
  const logger = options.logger ?? silentLogger();
  const pullExpiresMs = options.pullExpiresMs ?? 1_000;
  const js: JetStreamClient = jetstream(nc);
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const ensured = new Map<string, Promise<void>>();
  const consumers = new Set<QueueConsumer>();
  let closed = false;

  /** The work and dead-letter streams exist (a sender may come before the queue's worker declared it). */
  function ensureStreams(queue: string): Promise<void> {
    let done = ensured.get(queue);
    if (!done) {
      const names = queueNames(system, queue);
      done = (async () => {
        await addStream(jsm, {
          name: names.stream,
          description: `Mosaic work queue ${queue} of system ${system}`,
          subjects: [names.subject],
          retention: RetentionPolicy.Workqueue,
        });
        await addStream(jsm, {
          name: names.deadStream,
          description: `Mosaic dead letters of queue ${queue} of system ${system}`,
          subjects: [names.deadSubject],
          retention: RetentionPolicy.Limits,
        });
      })();
      ensured.set(queue, done);
      done.catch(() => ensured.delete(queue));
    }
    return done;
  }

  async function specOf(queue: string): Promise<QueueSpec> {
    const names = queueNames(system, queue);
    try {
      const info = await jsm.consumers.info(names.stream, names.consumer);
      return {
        name: queue,
        visibilityTimeoutMs: Math.round((info.config.ack_wait ?? 0) / 1_000_000),
        maxReceives: (info.config.max_deliver ?? 2) - 1,
      };
    } catch (error) {
      if (isNotFound(error)) throw new Error(`no queue ${queue}: the service that works it declares it when it starts`);
      throw error;
    }
  }

  async function deadLetter(queue: string, message: QueueMessage, redrives: number, error: string): Promise<void> {
    const names = queueNames(system, queue);
    const h = natsHeaders();
    h.set(HEADER.id, message.id);
    h.set(HEADER.sentAt, message.sentAt);
    h.set(HEADER.redrives, String(redrives));
    h.set(HEADER.error, error.replace(/[\r\n]+/g, ' '));
    h.set(HEADER.receives, String(message.receives));
    h.set(HEADER.failedAt, new Date().toISOString());
    if (message.traceparent) h.set(HEADER.traceparent, message.traceparent);
    // The same death published twice (a crash before the ack) is stored once.
    await js.publish(names.deadSubject, JSON.stringify(message.body ?? null), {
      headers: h,
      msgID: `${message.id}:dead:${redrives}`,
    });
  }

  function assertOpen(what: string): void {
    if (closed) throw new Error(`the queues are closed: cannot ${what}; open them again`);
  }

  return {
    async declare(spec) {
      assertOpen(`declare ${spec.name}`);
      checkQueueSpec(spec);
      await ensureStreams(spec.name);
      const names = queueNames(system, spec.name);
      const config = {
        durable_name: names.consumer,
        description: `workers of queue ${spec.name}`,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(spec.visibilityTimeoutMs),
        max_deliver: spec.maxReceives + 1,
        max_ack_pending: 10_000,
      };
      try {
        await jsm.consumers.info(names.stream, names.consumer);
        await jsm.consumers.update(names.stream, names.consumer, {
          ack_wait: config.ack_wait,
          max_deliver: config.max_deliver,
          max_ack_pending: config.max_ack_pending,
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.consumers.add(names.stream, config);
      }
    },

    async send(queue, messages) {
      assertOpen(`send to ${queue}`);
      if (messages.length === 0) return;
      await ensureStreams(queue);
      const { subject } = queueNames(system, queue);
      await Promise.all(
        messages.map((message) => {
          const h = natsHeaders();
          h.set(HEADER.id, message.id);
          h.set(HEADER.sentAt, message.sentAt);
          if (message.traceparent) h.set(HEADER.traceparent, message.traceparent);
          return js.publish(subject, JSON.stringify(message.body ?? null), {
            headers: h,
            msgID: message.dedupeKey ?? message.id,
          });
        }),
      );
    },

    async consume(queue, consumeOptions, handler) {
      assertOpen(`consume ${queue}`);
      const spec = await specOf(queue);
      const names = queueNames(system, queue);
      const consumer: Consumer = await js.consumers.get(names.stream, names.consumer);
      const concurrency = Math.max(1, Math.floor(consumeOptions.concurrency));
      const pulls = new Set<{ stop(): void }>();
      let stopped = false;

      async function handle(m: JsMsg): Promise<void> {
        const message = readMessage(queue, m.headers, m.data, m.info.deliveryCount, m.seq);
        const redrives = Number(m.headers?.get(HEADER.redrives) || 0);
        if (m.info.deliveryCount > spec.maxReceives) {
          await deadLetter(
            queue,
            { ...message, receives: spec.maxReceives },
            redrives,
            leaseExpiredError(spec, spec.maxReceives),
          );
          await m.ackAck();
          return;
        }
        let expiresAt = Date.now() + spec.visibilityTimeoutMs;
        const held = () => Date.now() < expiresAt - LEASE_MARGIN_MS;
        const abort = new AbortController();
        const lease: Lease = {
          get expiresAt() {
            return new Date(expiresAt);
          },
          signal: abort.signal,
          async extend() {
            if (!held()) throw new Error(`the lease on message ${message.id} was lost`);
            m.working();
            expiresAt = Date.now() + spec.visibilityTimeoutMs;
          },
        };
        let failure: { error: unknown } | undefined;
        try {
          await handler(message, lease);
        } catch (error) {
          failure = { error };
        }
        if (!held()) {
          logger.warn({ queue, id: message.id }, 'a worker finished a message whose lease it had lost; left as is');
          return;
        }
        if (!failure) {
          await m.ackAck();
        } else if (message.receives >= spec.maxReceives) {
          await deadLetter(queue, message, redrives, errorText(failure.error));
          await m.ackAck();
        } else {
          m.nak(retryDelayMs(spec, message.receives));
        }
      }

      async function slot(): Promise<void> {
        while (!stopped && !closed && !nc.isClosed()) {
          let m: JsMsg | undefined;
          try {
            const pull = await consumer.fetch({ max_messages: 1, expires: pullExpiresMs });
            pulls.add(pull);
            try {
              for await (const got of pull) {
                m = got;
                break;
              }
            } finally {
              pulls.delete(pull);
              pull.stop();
            }
          } catch (err) {
            if (stopped || closed) return;
            logger.warn({ err, queue }, 'could not receive from the queue; trying again');
            await new Promise((resolve) => setTimeout(resolve, 250));
            continue;
          }
          if (!m) continue;
          try {
            await handle(m);
          } catch (err) {
            logger.error({ err, queue, seq: m.seq }, 'could not settle a message; its lease runs out instead');
          }
        }
      }

      const slots = Array.from({ length: concurrency }, () => slot());
      let stopping: Promise<void> | undefined;
      const queueConsumer: QueueConsumer = {
        stop() {
          stopping ??= (async () => {
            stopped = true;
            for (const pull of pulls) pull.stop();
            await Promise.allSettled(slots);
            consumers.delete(queueConsumer);
          })();
          return stopping;
        },
      };
      consumers.add(queueConsumer);
      return queueConsumer;
    },

    async declared() {
      const prefix = queueNames(system, 'x').stream.slice(0, -1);
      const specs: QueueSpec[] = [];
      for await (const stream of jsm.streams.names()) {
        if (!stream.startsWith(prefix)) continue;
        // Queue names are lowercase letters, digits and dashes: only the dash is spelt otherwise.
        const name = stream.slice(prefix.length).replaceAll('_2d', '-');
        try {
          specs.push(await specOf(name));
        } catch {
          // a sender made the stream; no worker declared the queue yet
        }
      }
      return specs.sort((a, b) => a.name.localeCompare(b.name));
    },

    async stats(queue) {
      await ensureStreams(queue);
      const names = queueNames(system, queue);
      const [work, dead, workers] = await Promise.all([
        jsm.streams.info(names.stream),
        jsm.streams.info(names.deadStream),
        jsm.consumers.info(names.stream, names.consumer).catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        }),
      ]);
      const inFlight = Math.min(workers?.num_ack_pending ?? 0, work.state.messages);
      return {
        queue,
        depth: work.state.messages - inFlight,
        inFlight,
        oldestAgeMs: work.state.messages > 0 ? Math.max(0, Date.now() - Date.parse(work.state.first_ts)) : 0,
        deadLetters: dead.state.messages,
      };
    },

    async peek(queue, limit = 20) {
      await ensureStreams(queue);
      const names = queueNames(system, queue);
      const stored = await scan(jsm, names.stream, limit);
      return stored.map(({ message }): PeekedMessage => {
        const m = readMessage(queue, message.header, message.data, 0, message.seq);
        return { id: m.id, body: m.body, receives: 0, sentAt: m.sentAt, inFlight: false };
      });
    },

    async deadLetters(queue, limit = 100) {
      await ensureStreams(queue);
      const names = queueNames(system, queue);
      const stored = await scan(jsm, names.deadStream, limit);
      return stored.map(({ message }) => deadLetterOf(queue, message));
    },

    async redrive(queue, ids) {
      if (ids && ids.length === 0) return 0;
      await ensureStreams(queue);
      const names = queueNames(system, queue);
      const wanted = ids ? new Set(ids) : undefined;
      let moved = 0;
      for (const { message } of await scan(jsm, names.deadStream, SCAN_LIMIT)) {
        const dead = deadLetterOf(queue, message);
        if (wanted && !wanted.has(dead.id)) continue;
        const redrives = Number(message.header.get(HEADER.redrives) || 0) + 1;
        const h = natsHeaders();
        h.set(HEADER.id, dead.id);
        h.set(HEADER.sentAt, dead.sentAt);
        h.set(HEADER.redrives, String(redrives));
        const traceparent = message.header.get(HEADER.traceparent);
        if (traceparent) h.set(HEADER.traceparent, traceparent);
        // Back on the queue first, then out of the dead letters: a crash between the two redrives it again,
        // which the work stream's dedupe window turns into one message.
        await js.publish(names.subject, message.data, { headers: h, msgID: `${dead.id}:redrive:${redrives}` });
        await jsm.streams.deleteMessage(names.deadStream, message.seq);
        moved++;
      }
      return moved;
    },

    async close() {
      if (closed) return;
      await Promise.all([...consumers].map((c) => c.stop()));
      closed = true;
    },
  };
}

async function addStream(
  jsm: JetStreamManager,
  config: { name: string; description: string; subjects: string[]; retention: RetentionPolicy },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add({
      ...config,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(DEDUPE_WINDOW_MS),
    });
  } catch (error) {
    // Another process created it first.
    await jsm.streams.info(config.name).catch(() => {
      throw error;
    });
  }
}

function readMessage(
  queue: string,
  h: MsgHdrs | undefined,
  data: Uint8Array,
  receives: number,
  seq: number,
): QueueMessage {
  const traceparent = h?.get(HEADER.traceparent);
  return {
    id: h?.get(HEADER.id) || `seq-${seq}`,
    queue,
    body: JSON.parse(new TextDecoder().decode(data)) as unknown,
    receives,
    sentAt: h?.get(HEADER.sentAt) || new Date(0).toISOString(),
    ...(traceparent ? { traceparent } : {}),
  };
}

function deadLetterOf(queue: string, message: StoredMsg): QueueDeadLetter {
  const m = readMessage(queue, message.header, message.data, 0, message.seq);
  return {
    id: m.id,
    queue,
    body: m.body,
    error: message.header.get(HEADER.error),
    receives: Number(message.header.get(HEADER.receives) || 0),
    sentAt: m.sentAt,
    failedAt: message.header.get(HEADER.failedAt) || message.time.toISOString(),
  };
}

/** Up to `limit` stored messages of a stream, oldest first (acknowledged or deleted ones leave gaps). */
async function scan(jsm: JetStreamManager, stream: string, limit: number): Promise<{ message: StoredMsg }[]> {
  const info = await jsm.streams.info(stream);
  const found: { message: StoredMsg }[] = [];
  if (info.state.messages === 0) return found;
  const last = Math.min(info.state.last_seq, info.state.first_seq + SCAN_LIMIT);
  for (let seq = info.state.first_seq; seq <= last && found.length < limit; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (message) found.push({ message });
  }
  return found;
}

const NOT_FOUND: ReadonlySet<number> = new Set([
  JetStreamApiCodes.StreamNotFound,
  JetStreamApiCodes.ConsumerNotFound,
  JetStreamApiCodes.NoMessageFound,
]);

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && NOT_FOUND.has(error.code);
}

/** Deletes every queue stream of a system (work and dead letters): tests, `mosaic reset`. */
export async function removeNatsQueues(jsm: JetStreamManager, system: string): Promise<void> {
  const prefix = queueNames(system, 'x').stream.slice(0, -'_Q_x'.length);
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${prefix}_Q_`) || name.startsWith(`${prefix}_QDLQ_`)) await jsm.streams.delete(name);
  }
}
