import type { Insertable } from 'kysely';
import type { Envelope } from '../envelope.ts';
import type { BusDb, BusTables } from './bus-tables.ts';

export interface LogEntry {
  seq: number;
  event: Envelope;
}

export interface LogPage {
  /** Events of the wanted types, in publish order. */
  entries: LogEntry[];
  /** Every event up to here was looked at (those of other types included), so a group may skip past them. */
  scannedTo: number;
  /** True when the page was full: there may be more to read right away. */
  more: boolean;
}

// Postgres caps a statement at 65 535 parameters; 6 columns × 500 rows stays far below it.
const INSERT_CHUNK = 500;

/** Appends events to the log; an id already there is kept once (the first copy wins). */
export async function appendToLog(db: BusDb, events: readonly Envelope[]): Promise<void> {
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
  if (rows.length === 0) return;
  if (rows.length <= INSERT_CHUNK) {
    await db
      .insertInto('bus_event')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return;
  }
  // One transaction, so a big publish is stored entirely or not at all; it awaits nothing but its own inserts.
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('bus_event')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  });
}

/**
 * Reads the next events of `types` after `after`.
 *
 * Why reading up to the head seen first is safe: PGlite has one connection, so inserts commit in `seq`
 * order and no transaction can later commit a smaller `seq` than one already visible. (On a server
 * engine with concurrent writers this would skip late commits; that runtime uses JetStream instead.)
 */
export async function readLog(db: BusDb, after: number, types: readonly string[], limit: number): Promise<LogPage> {
  const top = await db
    .selectFrom('bus_event')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  const head = Number(top?.head ?? 0);
  if (head <= after || types.length === 0) return { entries: [], scannedTo: Math.max(after, head), more: false };
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
