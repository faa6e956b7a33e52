import {
  DiscardPolicy,
  JetStreamApiCodes,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { isNotFound } from './nats-consumers.ts';
import { deadLetterBucket, streamName, streamSubjects } from './nats-names.ts';

export interface StreamSettings {
  system: string;
  partitions: number;
  duplicateWindowMs: number;
  /** 0 keeps events forever (a rewind rebuilds from the whole log). */
  maxAgeMs: number;
  replicas: number;
}

const PARTITIONS_NOTE = /partitions=(\d+)/;

/**
 * Creates the system's stream if missing. Its description records the partition count: every process of
 * a system must hash subjects into the same partitions, so a process configured differently refuses to
 * start instead of silently breaking per-subject order.
 */
export async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  const name = streamName(settings.system);
  const duplicateWindowMs =
    settings.maxAgeMs > 0 ? Math.min(settings.duplicateWindowMs, settings.maxAgeMs) : settings.duplicateWindowMs;
  const config = {
    name,
    description: `Mosaic events of system ${settings.system} (partitions=${settings.partitions})`,
    subjects: streamSubjects(settings.system),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(settings.maxAgeMs),
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: settings.replicas,
  } satisfies Partial<StreamConfig>;

  let existing = await streamConfig(jsm, name);
  if (!existing) {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      existing = await streamConfig(jsm, name); // another process created it first
      if (!existing) throw new Error(`could not create NATS stream ${name}: ${reasonOf(error)}`, { cause: error });
    }
  }
  const recorded = Number(PARTITIONS_NOTE.exec(existing.description ?? '')?.[1] ?? Number.NaN);
  if (recorded !== settings.partitions) {
    throw new Error(
      `NATS stream ${name} was created with ${Number.isNaN(recorded) ? 'an unknown number of' : recorded} partitions, ` +
        `but this process uses ${settings.partitions}: give every process of ${settings.system} the same \`partitions\` ` +
        '(MOSAIC_BUS_PARTITIONS in the distributed runtime; the default was 16 before it became 32), ' +
        'or delete the stream to start over',
    );
  }
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (isNotFound(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  }
}

/**
 * Deletes a system's stream (events, consumers, replays) and its dead-letter bucket: tests, `mosaic reset`.
 * Everything the NATS bus stored for the system is gone afterwards.
 */
export async function removeNatsSystem(nc: NatsConnection, system: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const name of [streamName(system), `KV_${deadLetterBucket(system)}`]) {
    try {
      await jsm.streams.delete(name);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
