import { type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { silentLogger } from '../observability/logger.ts';
import { contextOfTraceparent } from '../observability/tracing.ts';
import type { ServiceDatabase } from '../store/database.ts';
import { defaultBackoff, retryDelay } from './backoff.ts';
import type { Bus, OutboxMover } from './bus.ts';
import type { Envelope } from './envelope.ts';
import type { OutboxTables } from './outbox.ts';

export interface RelayOptions {
  /** The service's database, whose `mosaic_outbox` is moved to the bus. */
  database: ServiceDatabase;
  bus: Bus;
  logger?: Logger;
  /** Safety-net poll; commits nudge the relay at once. Default 1000 ms. */
  pollMs?: number;
  /** Outbox rows per publish. Default 100. */
  batchSize?: number;
  /** Makes a span per relayed event, in the event's trace: how long it waited in the outbox, and the publish. */
  tracer?: Tracer;
  /**
   * The bus's way to take this outbox into its log in one statement (`bus.outboxMover(database)`, embedded):
   * used instead of reading, publishing and deleting when given. One statement where there were three, and the
   * same guarantee: a row leaves the outbox exactly when its event is in the log.
   */
  mover?: OutboxMover;
}

export interface Relay {
  /** Something was committed to the outbox: publish soon (wire the store's `onCommitWithEvents` here). */
  nudge(): void;
  /** Publishes everything in the outbox now, paused or not; rejects if the bus refuses (rows stay). */
  flush(): Promise<void>;
  /** Stops publishing until `resume`, as if the process died after commit: rows stay in the outbox. */
  pause(): void;
  resume(): void;
  /** Flushes once more (unless paused: a paused relay stands for a dead one) and stops. */
  stop(): Promise<void>;
}

/**
 * Moves outbox rows to the bus in `seq` order. A row is deleted only after `bus.publish` resolved, so a
 * crash between commit and publish loses nothing; a crash between publish and delete publishes again,
 * which the bus de-duplicates by event id.
 */
export function startRelay(options: RelayOptions): Relay {
  const db = options.database.db as Kysely<OutboxTables>;
  const { bus } = options;
  const logger = options.logger ?? silentLogger();
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;

  let paused = false;
  let stopped = false;
  let failures = 0;
  let queued = false;
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  // One drain at a time, so rows are never published twice by this relay or out of order.
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  }

  async function drain(): Promise<void> {
    if (options.mover) return drainByMoving(options.mover);
    for (;;) {
      const rows = await db
        .selectFrom('mosaic_outbox')
        .select(['seq', 'envelope'])
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) return;
      const envelopes = rows.map((row) => parseEnvelope(row.seq, row.envelope));
      await tracedPublish(bus, envelopes, options.tracer);
      // By seq, not `seq <= last`: on a server engine a smaller seq may commit after this read.
      await db
        .deleteFrom('mosaic_outbox')
        .where(
          'seq',
          'in',
          rows.map((row) => row.seq),
        )
        .execute();
      if (rows.length < batchSize) return;
    }
  }

  async function drainByMoving(mover: OutboxMover): Promise<void> {
    for (;;) {
      const { moved, taken } = await mover(batchSize);
      // Moved already: the spans only record how long each event waited in the outbox.
      for (const span of relaySpans(moved, options.tracer)) span.end();
      if (taken < batchSize) return;
    }
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (stopped || paused) return;
    timer = setTimeout(cycle, ms);
    timer.unref();
  }

  function cycle(): void {
    if (queued || stopped || paused) return;
    queued = true;
    clearTimeout(timer);
    void exclusive(async () => {
      queued = false;
      if (stopped || paused) return;
      try {
        await drain();
        failures = 0;
        schedule(pollMs);
      } catch (err) {
        failures++;
        const retryInMs = retryDelay(failures, defaultBackoff);
        logger.warn({ err, failures, retryInMs }, 'relay could not publish the outbox; the rows stay and are retried');
        schedule(retryInMs);
      }
    });
  }

  cycle(); // rows left by a previous run (crash before relay) go out first

  return {
    nudge() {
      // While the bus is failing, commits must not turn the backoff into a busy loop.
      if (failures === 0) cycle();
    },
    async flush() {
      await exclusive(drain);
      failures = 0;
    },
    pause() {
      paused = true;
      clearTimeout(timer);
    },
    resume() {
      if (!paused) return;
      paused = false;
      failures = 0;
      cycle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await exclusive(async () => {
        if (paused) return;
        try {
          await drain();
        } catch (err) {
          logger.error({ err }, 'relay stopped with events still in the outbox; they are published on the next start');
        }
      });
    },
  };
}

function parseEnvelope(seq: number, text: string): Envelope {
  try {
    return JSON.parse(text) as Envelope;
  } catch (err) {
    throw new Error(`outbox row ${seq} does not hold a JSON envelope; fix or delete that row to unblock the relay`, {
      cause: err,
    });
  }
}

/** A span per traced event, from its commit to the outbox; the caller ends them once the bus has the events. */
function relaySpans(envelopes: readonly Envelope[], tracer: Tracer | undefined): Span[] {
  const spans: Span[] = [];
  if (!tracer) return spans;
  for (const envelope of envelopes) {
    if (!envelope.traceparent) continue;
    const span = tracer.startSpan(
      `relay ${envelope.type}`,
      {
        kind: SpanKind.PRODUCER,
        startTime: new Date(envelope.time),
        attributes: { 'messaging.operation.type': 'send', 'messaging.destination.name': envelope.type },
      },
      contextOfTraceparent(envelope.traceparent),
    );
    if (span.isRecording()) spans.push(span);
  }
  return spans;
}

/** `bus.publish`, with a span per traced event from its commit to the outbox until the bus has it. */
async function tracedPublish(bus: Bus, envelopes: Envelope[], tracer: Tracer | undefined): Promise<void> {
  const spans = relaySpans(envelopes, tracer);
  try {
    await bus.publish(envelopes);
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
