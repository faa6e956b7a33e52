import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  ReplayPolicy,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { eventSubject, partitionConsumer, partitionSubject, replayConsumer, replaySubject } from './nats-names.ts';

/** What consumer management needs to know about the system's stream. */
export interface ConsumerSite {
  jsm: JetStreamManager;
  system: string;
  stream: string;
  partitions: number;
  ackWaitMs: number;
  /** The server takes several filter subjects per consumer (NATS ≥ 2.10). */
  multipleFilters: boolean;
  logger: Logger;
}

type Filter = { filter_subject: string } | { filter_subjects: string[] };
type Start = { deliver_policy: 'all' } | { deliver_policy: 'by_start_sequence'; opt_start_seq: number };

/**
 * What a partition consumer of a group lets through. One type: exactly it. Several types: every type
 * listed on NATS ≥ 2.10; on 2.9 (one filter per consumer) the whole partition, the others skipped by the
 * member. Unknown types (a rewind with no member here): the whole partition.
 */
function partitionFilter(site: ConsumerSite, types: readonly string[] | undefined, partition: number): Filter {
  if (types && types.length === 1) return { filter_subject: eventSubject(site.system, types[0]!, partition) };
  if (types && site.multipleFilters) {
    return { filter_subjects: types.map((type) => eventSubject(site.system, type, partition)) };
  }
  return { filter_subject: partitionSubject(site.system, partition) };
}

/**
 * Each partition consumer allows one unacknowledged message (`max_ack_pending: 1`): the server hands the
 * next event of a partition to a replica only once the previous one was acked or terminated, and a nak'd
 * event keeps its place while it waits for its retry. That is what keeps a subject in publish order across
 * replicas and retries; the partitions give the concurrency.
 */
function partitionConfig(site: ConsumerSite, group: string, partition: number, filter: Filter, start: Start) {
  return {
    durable_name: partitionConsumer(group, partition),
    description: `mosaic group ${group}, partition ${partition} of ${site.partitions}`,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(site.ackWaitMs),
    max_ack_pending: 1,
    max_deliver: -1, // the bus counts attempts itself and dead-letters after maxAttempts
    replay_policy: ReplayPolicy.Instant,
    ...filter,
    ...start,
  } satisfies Partial<ConsumerConfig>;
}

/**
 * Makes sure every partition consumer of the group exists and filters its types. Missing consumers start
 * at the beginning of the log (`all`) or after its current end (`new`); existing ones keep their place.
 */
export async function ensureGroupConsumers(
  site: ConsumerSite,
  group: string,
  types: readonly string[],
  startAt: 'all' | 'new',
): Promise<void> {
  let start: Promise<Start> | undefined;
  const startOfNew = () => {
    // One sequence for every partition, so no event slips between two partitions' creation.
    start ??= site.jsm.streams
      .info(site.stream)
      .then((info) => ({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.state.last_seq + 1 }));
    return start;
  };
  await Promise.all(
    range(site.partitions).map(async (partition) => {
      const filter = partitionFilter(site, types, partition);
      const name = partitionConsumer(group, partition);
      const existing = await consumerInfo(site, name);
      if (!existing) {
        const from: Start = startAt === 'new' ? await startOfNew() : { deliver_policy: DeliverPolicy.All };
        const created = await addConsumer(site, partitionConfig(site, group, partition, filter, from));
        if (created === 'exists') await refilter(site, group, partition, filter);
        return;
      }
      if (!sameFilter(existing.config, filter)) await refilter(site, group, partition, filter, existing);
    }),
  );
  await ensureReplayConsumer(site, group);
}

/** The consumer that receives this group's replayed dead letters; it reads every replay ever requested. */
async function ensureReplayConsumer(site: ConsumerSite, group: string): Promise<void> {
  const name = replayConsumer(group);
  if (await consumerInfo(site, name)) return;
  await addConsumer(site, {
    durable_name: name,
    description: `mosaic group ${group}, replayed dead letters`,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(site.ackWaitMs),
    max_ack_pending: 1,
    max_deliver: -1,
    replay_policy: ReplayPolicy.Instant,
    filter_subject: replaySubject(site.system, group),
    deliver_policy: DeliverPolicy.All,
  });
}

/**
 * Rewind: the group's partition consumers are deleted and created again from the start of the log (NATS
 * 2.9 cannot move a consumer back). Types unknown here are taken from the consumers being replaced.
 */
export async function resetGroupConsumers(
  site: ConsumerSite,
  group: string,
  types: readonly string[] | undefined,
): Promise<void> {
  await Promise.all(
    range(site.partitions).map(async (partition) => {
      const name = partitionConsumer(group, partition);
      const existing = await consumerInfo(site, name);
      const filter: Filter = types
        ? partitionFilter(site, types, partition)
        : existing
          ? filterOf(existing.config)
          : partitionFilter(site, undefined, partition);
      if (existing) await deleteConsumer(site, name);
      await addConsumer(site, partitionConfig(site, group, partition, filter, { deliver_policy: DeliverPolicy.All }));
    }),
  );
}

/**
 * A consumer this process was reading from is gone and nobody brought it back: create it again from the
 * start of the log. Someone deleted it, and for a durable group replaying (at-least-once, the inbox skips
 * what was handled) is safe where skipping events is not.
 */
export async function recreateConsumer(
  site: ConsumerSite,
  group: string,
  types: readonly string[],
  partition: number | 'replay',
): Promise<void> {
  if (partition === 'replay') {
    await ensureReplayConsumer(site, group);
    return;
  }
  if (await consumerInfo(site, partitionConsumer(group, partition))) return;
  site.logger.warn({ group, partition }, `consumer of group ${group}, partition ${partition} vanished: recreating it`);
  const filter = partitionFilter(site, types, partition);
  await addConsumer(site, partitionConfig(site, group, partition, filter, { deliver_policy: DeliverPolicy.All }));
}

/**
 * The group's types changed. NATS ≥ 2.10 updates the filter in place; 2.9 cannot, so the consumer is
 * replaced by one that starts right after the last event the group acknowledged in order.
 */
async function refilter(
  site: ConsumerSite,
  group: string,
  partition: number,
  filter: Filter,
  known?: ConsumerInfo,
): Promise<void> {
  const name = partitionConsumer(group, partition);
  const existing = known ?? (await consumerInfo(site, name));
  if (!existing || sameFilter(existing.config, filter)) return;
  site.logger.warn(
    { group, partition, from: filterOf(existing.config), to: filter },
    `group ${group} now takes other types: updating the filter of partition ${partition}`,
  );
  try {
    await site.jsm.consumers.update(site.stream, name, filter);
    return;
  } catch {
    // 2.9: filters cannot be updated; fall through to replace the consumer at its acknowledged position.
  }
  await deleteConsumer(site, name);
  const opt_start_seq = existing.ack_floor.stream_seq + 1;
  const created = await addConsumer(
    site,
    partitionConfig(site, group, partition, filter, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq }),
  );
  if (created === 'exists') {
    site.logger.warn(
      { group, partition },
      `another process replaced consumer ${name} at the same time; using that one`,
    );
  }
}

async function consumerInfo(site: ConsumerSite, name: string): Promise<ConsumerInfo | undefined> {
  try {
    return await site.jsm.consumers.info(site.stream, name);
  } catch (error) {
    if (isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) return undefined;
    throw error;
  }
}

/** Creates the consumer; 'exists' when another process created it with other settings first. */
async function addConsumer(site: ConsumerSite, config: Partial<ConsumerConfig>): Promise<'created' | 'exists'> {
  try {
    await site.jsm.consumers.add(site.stream, config);
    return 'created';
  } catch (error) {
    // Two replicas starting at once: the same settings succeed on both, different ones (e.g. two start
    // sequences for `new`) fail on the second, which then uses the first one's consumer.
    if (config.durable_name && (await consumerInfo(site, config.durable_name))) return 'exists';
    throw new Error(
      `could not create NATS consumer ${config.durable_name} on stream ${site.stream}: ${reasonOf(error)}`,
      { cause: error },
    );
  }
}

async function deleteConsumer(site: ConsumerSite, name: string): Promise<void> {
  try {
    await site.jsm.consumers.delete(site.stream, name);
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
  }
}

function filterOf(config: ConsumerConfig): Filter {
  if (config.filter_subjects && config.filter_subjects.length > 0) return { filter_subjects: config.filter_subjects };
  return { filter_subject: config.filter_subject ?? '' };
}

function sameFilter(config: ConsumerConfig, wanted: Filter): boolean {
  const have = filterOf(config);
  const list = (f: Filter) => ('filter_subjects' in f ? [...f.filter_subjects] : [f.filter_subject]).sort().join(' ');
  return list(have) === list(wanted);
}

export function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** For tests and tools: the consumer names a group uses. */
export function groupConsumerNames(group: string, partitions: number): string[] {
  return [...range(partitions).map((p) => partitionConsumer(group, p)), replayConsumer(group)];
}
