import { type Insertable, sql } from 'kysely';
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

/** What one move took out of an outbox: the rows it added to the log, and how many rows it took in all. */
export interface OutboxMove {
  /** In seq order; an event already in the log (published before a crash) is taken but not added again. */
  logged: TailEntry[];
  taken: number;
}

/**
 * Moves up to `limit` rows of a service's outbox (in schema `schemas.outbox` of the log's own database) into the log,
 * oldest first, in one statement: a row leaves the outbox exactly when its event is in the log, with no window
 * for a crash to publish twice or lose it, and one statement where publishing and deleting took three. The
 * caller appends one move or publish at a time, as with `appendToLog`.
 */
export async function moveOutbox(
  db: BusDb,
  schemas: { log: string; outbox: string },
  limit: number,
): Promise<OutboxMove> {
  const outbox = sql.id(schemas.outbox, 'mosaic_outbox');
  const log = sql.id(schemas.log, 'bus_event');
  const publishedAt = new Date().toISOString();
  // Postgres inserts the rows of INSERT … SELECT … ORDER BY in that order, so the identity `seq` follows the outbox's.
  const moving = sql<{ seq: string | null; type: string | null; envelope: string | null; taken: string }>`
    with moved as (
      delete from ${outbox}
      where seq in (select seq from ${outbox} order by seq limit ${limit})
      returning seq, id, envelope
    ),
    logged as (
      insert into ${log} (id, type, subject, envelope, published_at)
      select id, envelope::json ->> 'type', envelope::json ->> 'subject', envelope, ${publishedAt}
      from moved order by seq
      on conflict (id) do nothing
      returning seq, type, envelope
    )
    select logged.seq, logged.type, logged.envelope, counted.taken
    from (select count(*) as taken from moved) as counted
    left join logged on true
    order by logged.seq
  `.execute(db);
  const { rows } = await moving.catch((error: unknown) => {
    throw new Error(
      `could not move the outbox of ${schemas.outbox} into the log (when the cause is a row that is not a JSON envelope, fix or delete that row)`,
      { cause: error },
    );
  });
  const logged: TailEntry[] = [];
  for (const row of rows) {
    if (row.seq !== null) logged.push({ seq: Number(row.seq), type: row.type!, envelope: row.envelope! });
  }
  return { logged, taken: Number(rows[0]?.taken ?? 0) };
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
