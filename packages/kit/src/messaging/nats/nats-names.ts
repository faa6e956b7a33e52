/**
 * How the NATS bus names things. Every process of a system must agree on these, so they are pure functions
 * of the system, group, type and subject.
 *
 *   stream    MOSAIC_<system>                      one per system, file storage
 *   events    mosaic.<system>.events.<type>.<p>    p = partition of the event's subject (0 … partitions-1)
 *   replays   mosaic.<system>.replay.<group>       dead letters handed back to one group
 *   consumers <group>-p<p>, <group>-replay         durable, shared by the group's replicas
 *   DLQ       KV bucket mosaic_<system>_dead_letters, key <group>.<dead letter id>
 *   headers   a replay message says which dead letter it hands back and which replay request it answers
 */

export const DEAD_LETTER_HEADER = 'Mosaic-Dead-Letter';
export const REPLAY_REQUEST_HEADER = 'Mosaic-Replay-Requested';

/**
 * A NATS-safe, reversible spelling of a name: letters and digits stay, any other UTF-16 code unit becomes
 * `_xx` (below 256) or `__xxxx`. The result is a valid subject token, consumer name, stream name part and
 * KV key part, and two different names never share a spelling (`order.mypage` → `order_2emypage`).
 */
export function natsToken(name: string): string {
  if (!name) throw new Error('a NATS name part must not be empty');
  let token = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const char = name[i]!;
    if (/[A-Za-z0-9]/.test(char)) token += char;
    else token += code < 256 ? `_${code.toString(16).padStart(2, '0')}` : `__${code.toString(16).padStart(4, '0')}`;
  }
  return token;
}

export function streamName(system: string): string {
  return `MOSAIC_${natsToken(system)}`;
}

export function eventSubject(system: string, type: string, partition: number): string {
  return `mosaic.${natsToken(system)}.events.${natsToken(type)}.${partition}`;
}

/** Every event of every type in one partition (a NATS 2.9 consumer has one filter subject). */
export function partitionSubject(system: string, partition: number): string {
  return `mosaic.${natsToken(system)}.events.*.${partition}`;
}

export function replaySubject(system: string, group: string): string {
  return `mosaic.${natsToken(system)}.replay.${natsToken(group)}`;
}

export function streamSubjects(system: string): string[] {
  const root = `mosaic.${natsToken(system)}`;
  return [`${root}.events.>`, `${root}.replay.>`];
}

/** The type token of an event subject, as published (compare with `natsToken(type)`). */
export function typeTokenOf(subject: string): string | undefined {
  return subject.split('.')[3];
}

export function partitionConsumer(group: string, partition: number): string {
  return `${natsToken(group)}-p${partition}`;
}

export function replayConsumer(group: string): string {
  return `${natsToken(group)}-replay`;
}

export function deadLetterBucket(system: string): string {
  return `mosaic_${natsToken(system)}_dead_letters`;
}

/**
 * The partition of an event subject: FNV-1a, so every process and language computes the same one.
 * Events of one subject always land in one partition, which is what keeps them in order.
 */
export function partitionOf(subject: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(subject, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
