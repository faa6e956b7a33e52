import { createHash } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { DeadLetter } from '../bus.ts';
import type { Failure } from '../dead-letters.ts';
import type { Envelope } from '../envelope.ts';
import { deadLetterBucket, natsToken } from './nats-names.ts';

/** One dead letter as stored in the system's KV bucket (key `<group>.<id>`). */
export interface DeadLetterRecord {
  id: string;
  group: string;
  event: Envelope;
  error: string;
  stack: string | null;
  attempts: number;
  failedAt: string;
  /** Set by `replay()`, cleared when that replay finished (handled or failed again). */
  replayRequestedAt: string | null;
  replayedAt: string | null;
}

/** The dead letters of one system, in a JetStream KV bucket every process of the system shares. */
export interface NatsDeadLetterStore {
  /** Records that `group` gave up on `event`; the same event failing again in the group updates its entry. */
  record(group: string, event: Envelope, failure: Failure, attempts: number): Promise<void>;
  list(filter?: { group?: string; includeReplayed?: boolean }): Promise<DeadLetter[]>;
  get(group: string, id: string): Promise<DeadLetterRecord | undefined>;
  /** Marks the entry as waiting for a replay; undefined when absent or already replayed. */
  requestReplay(id: string): Promise<DeadLetterRecord | undefined>;
  markReplayed(group: string, id: string): Promise<void>;
  /** The replay failed as many times as allowed: the entry stays un-replayed, with the new error. */
  recordReplayFailure(group: string, id: string, failure: Failure, attempts: number): Promise<void>;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A dead letter's id is derived from (group, event id), so a redelivered or rewound event that fails again
 * lands on the same entry in every process, with no lookup first. Shaped like a UUID (version 8).
 */
function deadLetterId(group: string, eventId: string): string {
  const hex = createHash('sha256').update(`${group}\u0000${eventId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function openNatsDeadLetters(
  js: JetStreamClient,
  system: string,
  options: { replicas: number },
): Promise<NatsDeadLetterStore> {
  const kv = await new Kvm(js).create(deadLetterBucket(system), { history: 1, replicas: options.replicas });
  const keyOf = (group: string, id: string) => `${natsToken(group)}.${id}`;

  return {
    async record(group, event, failure, attempts) {
      const id = deadLetterId(group, event.id);
      await modify(kv, keyOf(group, id), (current) => ({
        id,
        group,
        event,
        error: failure.message,
        stack: failure.stack,
        attempts,
        failedAt: new Date().toISOString(),
        replayRequestedAt: current?.replayRequestedAt ?? null,
        replayedAt: null,
      }));
    },

    async list(filter = {}) {
      const keys = await collectKeys(kv, filter.group === undefined ? '>' : `${natsToken(filter.group)}.>`);
      const records = await Promise.all(keys.map((key) => read(kv, key)));
      return records
        .filter((record): record is DeadLetterRecord => record !== undefined)
        .filter((record) => filter.includeReplayed || record.replayedAt === null)
        .sort((a, b) => (a.failedAt === b.failedAt ? a.id.localeCompare(b.id) : a.failedAt.localeCompare(b.failedAt)))
        .map(({ id, group, event, error, attempts, failedAt, replayedAt }) => ({
          id,
          group,
          event,
          error,
          attempts,
          failedAt,
          replayedAt,
        }));
    },

    get(group, id) {
      return read(kv, keyOf(group, id));
    },

    async requestReplay(id) {
      if (!ID.test(id)) return undefined;
      const [key] = await collectKeys(kv, `*.${id}`);
      if (!key) return undefined;
      return modify(kv, key, (current) =>
        current && current.replayedAt === null
          ? { ...current, replayRequestedAt: new Date().toISOString() }
          : undefined,
      );
    },

    async markReplayed(group, id) {
      await modify(kv, keyOf(group, id), (current) =>
        current ? { ...current, replayedAt: new Date().toISOString(), replayRequestedAt: null } : undefined,
      );
    },

    async recordReplayFailure(group, id, failure, attempts) {
      await modify(kv, keyOf(group, id), (current) =>
        current
          ? {
              ...current,
              error: failure.message,
              stack: failure.stack,
              attempts,
              failedAt: new Date().toISOString(),
              replayRequestedAt: null,
            }
          : undefined,
      );
    },
  };
}

async function collectKeys(kv: KV, filter: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of await kv.keys(filter)) keys.push(key);
  return keys;
}

async function read(kv: KV, key: string): Promise<DeadLetterRecord | undefined> {
  const entry = await kv.get(key);
  if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
  return entry.json<DeadLetterRecord>();
}

// Compare-and-set: two processes touching one entry (a replay request beside a late failure) never lose a write.
const CAS_TRIES = 10;

/** Applies `change` to the entry and stores it; `change` returning undefined leaves it alone. */
async function modify(
  kv: KV,
  key: string,
  change: (current: DeadLetterRecord | undefined) => DeadLetterRecord | undefined,
): Promise<DeadLetterRecord | undefined> {
  for (let attempt = 1; ; attempt++) {
    const entry = await kv.get(key);
    const live = entry && entry.operation === 'PUT' && entry.length > 0;
    const next = change(live ? entry.json<DeadLetterRecord>() : undefined);
    if (!next) return undefined;
    try {
      if (entry) await kv.update(key, JSON.stringify(next), entry.revision);
      else await kv.create(key, JSON.stringify(next));
      return next;
    } catch (error) {
      if (attempt >= CAS_TRIES) {
        throw new Error(`could not update dead letter ${key} after ${CAS_TRIES} tries (concurrent writers?)`, {
          cause: error,
        });
      }
    }
  }
}
