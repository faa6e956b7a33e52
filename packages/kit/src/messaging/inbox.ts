import type { Kysely } from 'kysely';
import { runWithWork, type WorkContext } from '../observability/context.ts';
import type { Dialect } from '../store/database.ts';
import type { KitTables } from '../store/kit-tables.ts';
import type { Store, Tx } from '../store/store.ts';
import type { Envelope } from './envelope.ts';

/**
 * Runs `handle` at most once per (group, event): the inbox row and the handler's writes share one
 * transaction, so a redelivered event is skipped and a failed one (rolled back, inbox row included) runs
 * again. With the outbox this gives effectively-once effects on at-least-once delivery (DESIGN §4).
 * The handler runs in the event's trace, so its logs and the events it publishes carry it.
 */
export function handleOnce<DB, T = unknown>(
  store: Store<DB>,
  group: string,
  event: Envelope<T>,
  handle: (event: Envelope<T>, tx: Tx<DB>) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  const work: WorkContext = { requestId: event.id, ...(event.traceparent ? { traceparent: event.traceparent } : {}) };
  return runWithWork(work, () =>
    store.transaction(async (tx): Promise<'handled' | 'duplicate'> => {
      const kit = tx.db as unknown as Kysely<KitTables>;
      if (!(await recordInInbox(kit, store.dialect, group, event.id))) return 'duplicate';
      await handle(event, tx);
      return 'handled';
    }),
  );
}

/**
 * True when this transaction recorded the event first. On Postgres a concurrent duplicate waits on the
 * primary key until the first transaction ends, so two replicas cannot both handle it.
 */
async function recordInInbox(
  db: Kysely<KitTables>,
  dialect: Dialect,
  group: string,
  eventId: string,
): Promise<boolean> {
  const insert = db
    .insertInto('mosaic_inbox')
    .values({ group_name: group, event_id: eventId, handled_at: new Date().toISOString() });
  const result =
    dialect === 'mysql'
      ? await insert.ignore().executeTakeFirst()
      : await insert.onConflict((oc) => oc.columns(['group_name', 'event_id']).doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
