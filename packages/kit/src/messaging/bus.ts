import type { ServiceDatabase } from '../store/database.ts';
import { type Backoff, defaultBackoff } from './backoff.ts';
import type { Envelope } from './envelope.ts';

/** Port: a durable, replayable event log with consumer groups. Adapters: embedded/ (PGlite), nats/ (JetStream). */
export interface Bus {
  /** Resolves once every event is durably stored; publishing an id twice stores it once. */
  publish(events: readonly Envelope[]): Promise<void>;
  /**
   * Joins a durable consumer group. Every event of `types` published after the group was first created
   * (or since its last rewind) is handed to exactly one member of the group, at least once; events with
   * the same subject are handed over in publish order. A handler that throws is retried with exponential
   * backoff; after `maxAttempts` the event goes to the group's dead-letter queue and the group moves on.
   */
  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription>;
  /** Moves a group back to the start of the log (used to rebuild a read model). */
  rewind(group: string): Promise<void>;
  readonly deadLetters: DeadLetters;
  /**
   * How far behind each group is: the events of its types published and not yet finished by it (handled or
   * dead-lettered), those in flight included. A group this bus cannot place (never subscribed through it,
   * embedded) is left out. Read when `/metrics` is scraped, so it may cost a query or a server round trip.
   * Both adapters report it; it is optional only so a wrapper that merely forwards publishes (the queues'
   * relay) need not.
   */
  lag?(groups: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * For a service database on the bus's own engine (the embedded bus: one PGlite per system), a way for the relay
   * to move that service's outbox into the log in one statement instead of publishing and deleting; undefined
   * for any other database, and absent on a bus whose log lives elsewhere.
   */
  outboxMover?(database: ServiceDatabase): OutboxMover | undefined;
  close(): Promise<void>;
}

/**
 * Moves up to `limit` of the oldest outbox rows into the log, atomically: `taken` rows left the outbox, and
 * `moved` are the events that entered the log with them (fewer when one was in the log already).
 */
export type OutboxMover = (limit: number) => Promise<{ moved: Envelope[]; taken: number }>;

export interface SubscribeOptions {
  group: string;
  types: readonly string[];
  /** Default 5. */
  maxAttempts?: number;
  /** Delay before retry n is `min(initialMs * 2^(n-1), maxMs)`. Defaults: 100 ms, 5 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** Where a new group starts: `all` (default) replays the whole log, `new` only what comes next. */
  startAt?: 'all' | 'new';
}

/** A group's settings, validated, with the defaults filled in: what both adapters run a group with. */
export interface GroupSettings {
  types: readonly string[];
  maxAttempts: number;
  backoff: Backoff;
  startAt: 'all' | 'new';
}

/** Checks `subscribe`'s options and fills in the defaults documented on SubscribeOptions. */
export function settingsOf(options: SubscribeOptions): GroupSettings {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`maxAttempts of group ${options.group} must be a whole number ≥ 1, got ${maxAttempts}`);
  }
  const backoff = options.backoff ?? defaultBackoff;
  if (!(backoff.initialMs >= 0 && backoff.maxMs >= backoff.initialMs)) {
    throw new Error(`backoff of group ${options.group} needs 0 ≤ initialMs ≤ maxMs, got ${JSON.stringify(backoff)}`);
  }
  return { types: [...options.types], maxAttempts, backoff, startAt: options.startAt ?? 'all' };
}

export interface Delivery {
  /** 1 for the first try. */
  attempt: number;
}

export type EventHandler = (event: Envelope, delivery: Delivery) => Promise<void>;

export interface Subscription {
  readonly group: string;
  /** Stops taking events and waits for the one in flight. */
  stop(): Promise<void>;
}

export interface DeadLetter {
  id: string;
  group: string;
  event: Envelope;
  error: string;
  attempts: number;
  failedAt: string;
  /** Set when a replay was handled successfully. */
  replayedAt: string | null;
}

export interface DeadLetters {
  list(filter?: { group?: string; includeReplayed?: boolean }): Promise<DeadLetter[]>;
  /**
   * Hands the event back to its group (retried as a fresh delivery, with a fresh attempt count).
   * Resolves false when no such entry exists or it was already replayed.
   */
  replay(id: string): Promise<boolean>;
}
