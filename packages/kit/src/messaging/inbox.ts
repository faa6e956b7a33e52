import type { Kysely, Migration } from 'kysely';
import { runWithWork, type WorkContext } from '../observability/context.ts';
import type { Dialect } from '../store/database.ts';
import type { Store, Tx } from '../store/store.ts';
import type { Envelope } from './envelope.ts';

/** Ids of events a consumer group has handled, written in the handler's transaction. */
export interface InboxTables {
  mosaic_inbox: { group_name: string; event_id: string; handled_at: string };
}

// Portable types only: the same migration runs on PGlite, PostgreSQL and MySQL/MariaDB.
export const inboxMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('mosaic_inbox')
      .addColumn('group_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('event_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('handled_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('mosaic_inbox_pk', ['group_name', 'event_id'])
      .execute();
  },
};

/**
 * Runs `handle` at most once per (group, event): the inbox row and the handler's writes share one
 * transaction, so a redelivered event is skipped and a failed one (rolled back, inbox row included) runs
 * again. With the outbox this gives effectively-once effects on at-least-once delivery (DESIGN §4).
 * The handler runs as work of its own (its request id is the event's id); the caller runs it in the event's
 * trace (`inConsumerSpan`), so its logs and the events it publishes carry that.
 */
export function handleOnce<DB, T = unknown>(
  store: Store<DB>,
  group: string,
  event: Envelope<T>,
  handle: (event: Envelope<T>, tx: Tx<DB>) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  const work: WorkContext = { requestId: event.id };
  return runWithWork(work, () =>
    store.transaction(async (tx): Promise<'handled' | 'duplicate'> => {
      if (!(await recordInInbox(inboxOf(tx), store.dialect, group, event.id))) return 'duplicate';
      await handle(event, tx);
      return 'handled';
    }),
  );
}

/**
 * Forgets every event `group` handled, in the caller's transaction: before a rewind (a read model rebuilt),
 * or the events the group reads again would be skipped as duplicates.
 */
export async function forgetHandled<DB>(tx: Tx<DB>, group: string): Promise<void> {
  await inboxOf(tx).deleteFrom('mosaic_inbox').where('group_name', '=', group).execute();
}

/** The kit's inbox table sits in every service's database beside the service's own tables. */
function inboxOf<DB>(tx: Tx<DB>): Kysely<InboxTables> {
  return tx.db as unknown as Kysely<InboxTables>;
}

/**
 * True when this transaction recorded the event first. On Postgres a concurrent duplicate waits on the
 * primary key until the first transaction ends, so two replicas cannot both handle it.
 */
async function recordInInbox(
  db: Kysely<InboxTables>,
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
