import type { Generated, Kysely, Migration } from 'kysely';
import type { DomainEvent } from '../domain/index.ts';
import { autoId } from '../store/columns.ts';
import { type Envelope, wrap } from './envelope.ts';

/** Events written in the same transaction as the state change, waiting for the relay (relay.ts). */
export interface OutboxTables {
  mosaic_outbox: { seq: Generated<number>; id: string; envelope: string; created_at: string };
}

// Portable types only: the same migration runs on PGlite, PostgreSQL and MySQL/MariaDB.
export const outboxMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('mosaic_outbox')
      .addColumn('seq', 'integer', autoId(db))
      .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('envelope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
};

/**
 * `Tx.publish`: wraps the event (with the publisher's `traceparent`, so its handlers continue the trace) and
 * writes it to the outbox of the transaction `db` belongs to, so it is published if, and only if, that
 * transaction commits.
 */
export async function writeToOutbox(
  db: Kysely<OutboxTables>,
  source: string,
  event: DomainEvent,
  traceparent: string | undefined,
): Promise<Envelope> {
  const envelope = wrap(source, event, traceparent);
  await db
    .insertInto('mosaic_outbox')
    .values({ id: envelope.id, envelope: JSON.stringify(envelope), created_at: envelope.time })
    .execute();
  return envelope;
}
