import type { Insertable } from 'kysely';
import type { Envelope } from '../envelope.ts';
import type { BusDb, BusTables } from './bus-tables.ts';
import { type LogPage, LogTail, type TailEntry } from './log-tail.ts';

// Postgres caps a statement at 65 535 parameters; 6 columns × 500 rows stays far below it.
const INSERT_CHUNK = 500;

/** The log's tail in memory, starting at the log's current head. */
export async function openTail(db: BusDb): Promise<LogTail> {
  const top = await db
    .selectFrom('bus_event')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return new LogTail(Number(top?.head ?? 0));
}

/**
 * Appends events to the log; an id already there is kept once (the first copy wins). The caller appends one
 * publish at a time and hands the stored rows to the tail, in seq order.
 */
export async function appendToLog(db: BusDb, events: readonly Envelope[]): Promise<TailEntry[]> {
  const seen = new Set<string>();
  const publishedAt = new Date().toISOString();
  const rows: Insertable<BusTables['bus_event']>[] = [];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    rows.push({
      id: event.id,
      type: event.type,
      subject: event.subject,
      envelope: JSON.stringify(event),
      published_at: publishedAt,
    });
  }
  if (rows.length === 0) return [];
  const insert = (executor: BusDb, chunk: typeof rows) =>
    executor
      .insertInto('bus_event')
      .values(chunk)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(['seq', 'type', 'envelope'])
      .execute();
  const stored =
    rows.length <= INSERT_CHUNK
      ? await insert(db, rows)
      : // One transaction, so a big publish is stored entirely or not at all; it awaits nothing but its inserts.
        await db.transaction().execute(async (trx) => {
          const all = [];
          for (let i = 0; i < rows.length; i += INSERT_CHUNK)
            all.push(...(await insert(trx, rows.slice(i, i + INSERT_CHUNK))));
          return all;
        });
  return stored
    .map((row) => ({ seq: Number(row.seq), type: row.type, envelope: row.envelope }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Reads the next events of `types` after `after`: from the tail in memory when it holds them, else from the
 * table up to the tail's head.
 *
 * Why reading up to the head is safe: the bus appends one publish at a time and tells the tail only after the
 * commit, so every seq up to the head is committed and no smaller one can appear later. (On a server engine
 * with concurrent writers this would skip late commits; that runtime uses JetStream instead.)
 */
export async function readLog(
  db: BusDb,
  tail: LogTail,
  after: number,
  types: readonly string[],
  limit: number,
): Promise<LogPage> {
  const head = tail.head;
  if (head <= after || types.length === 0) return { entries: [], scannedTo: Math.max(after, head), more: false };
  const recent = tail.read(after, types, limit);
  if (recent) return recent;
  const rows = await db
    .selectFrom('bus_event')
    .select(['seq', 'envelope'])
    .where('seq', '>', after)
    .where('seq', '<=', head)
    .where('type', 'in', types)
    .orderBy('seq')
    .limit(limit)
    .execute();
  const entries = rows.map((row) => ({ seq: Number(row.seq), event: JSON.parse(row.envelope) as Envelope }));
  const more = rows.length === limit;
  return { entries, scannedTo: more ? entries[entries.length - 1]!.seq : head, more };
}
