import { uuidv7 } from 'uuidv7';
import type { DeadLetter } from '../bus.ts';
import type { Failure } from '../dead-letters.ts';
import type { Envelope } from '../envelope.ts';
import type { BusDb, BusTables } from './bus-tables.ts';

export interface ReplayRequest {
  id: string;
  event: Envelope;
}

/**
 * Records that `group` gave up on `event`. The same event failing again in the same group (redelivery after
 * a crash, a rewind) updates its entry instead of adding a second one; a pending replay request is kept.
 */
export async function recordDeadLetter(
  db: BusDb,
  group: string,
  event: Envelope,
  failure: Failure,
  attempts: number,
): Promise<void> {
  await db
    .insertInto('bus_dead_letter')
    .values({
      id: uuidv7(),
      group_name: group,
      event_id: event.id,
      envelope: JSON.stringify(event),
      error: failure.message,
      stack: failure.stack,
      attempts,
      failed_at: new Date().toISOString(),
      replay_requested_at: null,
      replayed_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['group_name', 'event_id']).doUpdateSet((eb) => ({
        error: eb.ref('excluded.error'),
        stack: eb.ref('excluded.stack'),
        attempts: eb.ref('excluded.attempts'),
        failed_at: eb.ref('excluded.failed_at'),
        replayed_at: null,
      })),
    )
    .execute();
}

export async function listDeadLetters(
  db: BusDb,
  filter: { group?: string; includeReplayed?: boolean } = {},
): Promise<DeadLetter[]> {
  let query = db.selectFrom('bus_dead_letter').selectAll().orderBy('failed_at').orderBy('id');
  if (filter.group !== undefined) query = query.where('group_name', '=', filter.group);
  if (!filter.includeReplayed) query = query.where('replayed_at', 'is', null);
  return (await query.execute()).map(toDeadLetter);
}

/** Marks the entry as waiting for a replay; returns its group, or undefined when absent or already replayed. */
export async function requestReplay(db: BusDb, id: string): Promise<string | undefined> {
  const row = await db
    .updateTable('bus_dead_letter')
    .set({ replay_requested_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('replayed_at', 'is', null)
    .returning('group_name')
    .executeTakeFirst();
  return row?.group_name;
}

export async function pendingReplays(db: BusDb, group: string): Promise<ReplayRequest[]> {
  const rows = await db
    .selectFrom('bus_dead_letter')
    .select(['id', 'envelope'])
    .where('group_name', '=', group)
    .where('replay_requested_at', 'is not', null)
    .where('replayed_at', 'is', null)
    .orderBy('replay_requested_at')
    .execute();
  return rows.map((row) => ({ id: row.id, event: JSON.parse(row.envelope) as Envelope }));
}

export async function markReplayed(db: BusDb, id: string): Promise<void> {
  await db
    .updateTable('bus_dead_letter')
    .set({ replayed_at: new Date().toISOString(), replay_requested_at: null })
    .where('id', '=', id)
    .execute();
}

/** The replay failed as many times as allowed: the entry stays un-replayed, with the new error. */
export async function recordReplayFailure(db: BusDb, id: string, failure: Failure, attempts: number): Promise<void> {
  await db
    .updateTable('bus_dead_letter')
    .set({
      error: failure.message,
      stack: failure.stack,
      attempts,
      failed_at: new Date().toISOString(),
      replay_requested_at: null,
    })
    .where('id', '=', id)
    .execute();
}

function toDeadLetter(row: BusTables['bus_dead_letter']): DeadLetter {
  return {
    id: row.id,
    group: row.group_name,
    event: JSON.parse(row.envelope) as Envelope,
    error: row.error,
    attempts: Number(row.attempts),
    failedAt: row.failed_at,
    replayedAt: row.replayed_at,
  };
}
