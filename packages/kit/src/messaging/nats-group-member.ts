import { type ConsumerMessages, JetStreamApiCodes, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Backoff, defaultBackoff, retryDelay } from './backoff.ts';
import type { EventHandler } from './bus.ts';
import type { Failure } from './dead-letter-store.ts';
import { GAVE_UP, handlerFailed, logGivingUp, type Persisting, persistently, retryInMs } from './delivery-failures.ts';
import type { Envelope } from './envelope.ts';
import type { GroupSettings } from './group-consumer.ts';
import { type ConsumerSite, isNotFound, recreateConsumer } from './nats-consumers.ts';
import type { NatsDeadLetterStore } from './nats-dead-letters.ts';
import { natsToken, partitionConsumer, replayConsumer, typeTokenOf } from './nats-names.ts';
import type { SubjectLocks } from './subject-locks.ts';

/** Headers of a replay message: which dead letter it hands back, and which replay request it answers. */
export const DEAD_LETTER_HEADER = 'Mosaic-Dead-Letter';
export const REPLAY_REQUEST_HEADER = 'Mosaic-Replay-Requested';

export interface MemberDeps {
  site: ConsumerSite;
  nc: NatsConnection;
  js: JetStreamClient;
  deadLetters: NatsDeadLetterStore;
  /** Shared by the members of one group in this process. */
  locks: SubjectLocks;
  /** How long a pull request waits on the server before it is renewed. */
  pullExpiresMs: number;
}

/** One `subscribe` of a group: a reader on each of the group's partition consumers and on its replays. */
export interface GroupMember {
  readonly settings: GroupSettings & { group: string };
  /** Stops reading and waits for the handlers in flight (rewind); `resume` reads again. */
  pause(): Promise<void>;
  resume(): void;
  /** Stops for good and waits for the handlers in flight. */
  stop(): Promise<void>;
}

// Re-reading a consumer that failed: 100 ms doubling to 5 s, so a NATS restart or a rewind elsewhere is
// picked up quickly without hammering the server.
const READ_RETRY: Backoff = defaultBackoff;
// Messages one pull request asks for; see `read`.
const PULL_BATCH = 64;
// A consumer not found this many times in a row is created again (see recreateConsumer).
const VANISHED_AFTER = 3;

type Source = number | 'replay';

export function startGroupMember(
  deps: MemberDeps,
  settings: GroupSettings & { group: string },
  handler: EventHandler,
): GroupMember {
  const { site, nc, js, deadLetters, locks } = deps;
  const { group, maxAttempts, backoff } = settings;
  const logger = site.logger.child({ group });
  const wanted = new Set(settings.types.map(natsToken));
  let state: 'running' | 'paused' | 'stopped' = 'paused';
  let loops: Promise<void>[] = [];
  const reading = new Set<ConsumerMessages>();
  const wakers = new Set<() => void>();

  function start(): void {
    state = 'running';
    const sources: Source[] = [...Array.from({ length: site.partitions }, (_, p) => p), 'replay'];
    loops = sources.map((source) => read(source));
  }

  async function halt(next: 'paused' | 'stopped'): Promise<void> {
    state = next;
    for (const messages of reading) messages.stop();
    for (const wake of wakers) wake();
    await Promise.allSettled(loops);
    loops = [];
  }

  const running = () => state === 'running' && !nc.isClosed();

  /** Reads one consumer until the member stops, starting over whenever the read breaks. */
  async function read(source: Source): Promise<void> {
    const name = source === 'replay' ? replayConsumer(group) : partitionConsumer(group, source);
    let failures = 0;
    while (running()) {
      let messages: ConsumerMessages | undefined;
      try {
        const consumer = await js.consumers.get(site.stream, name);
        if (!running()) return;
        // The consumer still hands out one unacknowledged message at a time (max_ack_pending: 1); asking for a
        // batch only keeps a pull request waiting at the server, so each ack is followed by the next message at
        // once instead of by a new pull request first (a third fewer NATS messages per event, bench/).
        messages = await consumer.consume({ max_messages: PULL_BATCH, expires: deps.pullExpiresMs });
        reading.add(messages);
        void restartWhenGone(messages);
        failures = 0;
        for await (const message of messages) await deliver(message, source === 'replay');
      } catch (error) {
        if (!running()) return;
        failures++;
        if (isNotFound(error, JetStreamApiCodes.ConsumerNotFound) && failures >= VANISHED_AFTER) {
          await recreateConsumer(site, group, settings.types, source).catch((err: unknown) =>
            logger.warn({ err }, `could not recreate consumer ${name}`),
          );
        }
        const waitMs = retryDelay(failures, READ_RETRY);
        logger.warn(
          { err: error, consumer: name, retryInMs: waitMs },
          `group ${group} lost consumer ${name}; reading again`,
        );
        await pause(waitMs);
      } finally {
        if (messages) {
          reading.delete(messages);
          messages.stop();
        }
      }
    }
  }

  /**
   * The client keeps a read alive across reconnects on its own; a consumer deleted under it (a rewind in
   * another process) only ends the read, so `read` starts over on the new consumer at once.
   */
  async function restartWhenGone(messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (status.type === 'consumer_deleted') messages.stop();
      else if (status.type === 'consumer_not_found' && status.count >= VANISHED_AFTER) messages.stop();
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  async function deliver(message: JsMsg, isReplay: boolean): Promise<void> {
    if (state !== 'running') {
      message.nak(); // leaving: another member (or the next start) takes it now, not after ack_wait
      return;
    }
    if (!isReplay && !wanted.has(typeTokenOf(message.subject) ?? '')) {
      message.ack(); // another type sharing the partition filter (NATS 2.9): passed over, like the embedded bus
      return;
    }
    const attempt = message.info.deliveryCount;
    const event = envelopeOf(message);
    if (!event) {
      await giveUp(
        message,
        unreadable(message),
        { message: `stream message ${message.seq} is not a Mosaic event envelope`, stack: null },
        attempt,
      );
      return;
    }
    let deadLetterId: string | undefined;
    if (isReplay) {
      deadLetterId = message.headers?.get(DEAD_LETTER_HEADER) ?? '';
      const requested = message.headers?.get(REPLAY_REQUEST_HEADER) ?? '';
      const id = deadLetterId;
      const entry = await persistently(logger, `read dead letter ${id}`, () => deadLetters.get(group, id), bookkeeping);
      if (entry === GAVE_UP) {
        message.nak();
        return;
      }
      // Already replayed, or a stale request: this replay message is done.
      if (!entry || entry.replayedAt !== null || entry.replayRequestedAt !== requested) {
        message.ack();
        return;
      }
    }

    const failure = await locks.run(event.subject, () => handle(message, event, attempt));
    if (!failure) {
      const id = deadLetterId;
      if (
        id !== undefined &&
        (await persistently(logger, `the replay of ${id}`, () => deadLetters.markReplayed(group, id), bookkeeping)) ===
          GAVE_UP
      ) {
        message.nak();
        return;
      }
      message.ack();
      return;
    }
    const retryIn = retryInMs(attempt, maxAttempts, backoff);
    if (retryIn !== undefined) {
      message.nak(retryIn);
      return;
    }
    if (deadLetterId !== undefined) {
      const id = deadLetterId;
      const recorded = await persistently(
        logger,
        `the failed replay of ${id}`,
        () => deadLetters.recordReplayFailure(group, id, failure, attempt),
        bookkeeping,
      );
      if (recorded === GAVE_UP) message.nak();
      else message.term();
      return;
    }
    await giveUp(message, event, failure, attempt);
  }

  async function handle(message: JsMsg, event: Envelope, attempt: number): Promise<Failure | undefined> {
    // Tell the server we are still on it, so a slow handler is not redelivered to another replica meanwhile.
    const working = setInterval(() => message.working(), Math.max(500, site.ackWaitMs / 3));
    try {
      await handler(event, { attempt });
      return undefined;
    } catch (thrown) {
      return handlerFailed(logger, group, event, attempt, maxAttempts, thrown);
    } finally {
      clearInterval(working);
    }
  }

  /** Records the dead letter, then terminates the message so the partition moves on. */
  async function giveUp(message: JsMsg, event: Envelope, failure: Failure, attempts: number): Promise<void> {
    logGivingUp(logger, group, event, attempts, failure);
    const recorded = await persistently(
      logger,
      `the dead letter of ${event.id}`,
      () => deadLetters.record(group, event, failure, attempts),
      bookkeeping,
    );
    // Not recorded (leaving): it stays unacknowledged and comes back, so nothing is dropped.
    if (recorded === GAVE_UP) message.nak();
    else message.term();
  }

  // Bookkeeping retries stop when the member stops; its wait is cut short by `halt`.
  const bookkeeping: Persisting = { keepTrying: () => state !== 'stopped' && !nc.isClosed(), wait: pause };

  start();
  return {
    settings,
    pause: () => halt('paused'),
    resume() {
      if (state === 'paused') start();
    },
    stop: () => halt('stopped'),
  };
}

function envelopeOf(message: JsMsg): Envelope | undefined {
  try {
    const value = message.json<Partial<Envelope>>();
    if (typeof value.id === 'string' && typeof value.type === 'string' && typeof value.subject === 'string') {
      return value as Envelope;
    }
  } catch {
    // not JSON: handled as unreadable below
  }
  return undefined;
}

/** Something published to the bus's subjects that is not an envelope: kept in the DLQ as text, never lost. */
function unreadable(message: JsMsg): Envelope {
  return {
    id: message.headers?.get('Nats-Msg-Id') || `stream-seq-${message.seq}`,
    type: typeTokenOf(message.subject) ?? 'unknown',
    source: 'unknown',
    subject: '',
    time: message.time.toISOString(),
    dataVersion: 0,
    data: message.string(),
  };
}
