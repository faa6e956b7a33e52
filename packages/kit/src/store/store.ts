import { context, type Tracer } from '@opentelemetry/api';
import type { Kysely } from 'kysely';
import type { DomainEvent } from '../domain/index.ts';
import type { Envelope } from '../messaging/envelope.ts';
import { type OutboxTables, writeToOutbox } from '../messaging/outbox.ts';
import { producerTraceparent } from '../observability/message-spans.ts';
import { traceparentOf } from '../observability/tracing.ts';
import type { Dialect, ServiceDatabase } from './database.ts';

/** A unit of work: the service's tables inside one transaction, and an outbox to publish into. */
export interface Tx<DB> {
  readonly db: Kysely<DB>;
  /** Writes the event to the outbox in this transaction: it is published if, and only if, the transaction commits. */
  publish(event: DomainEvent): Promise<Envelope>;
}

/** Port: a service's own database. */
export interface Store<DB> {
  readonly dialect: Dialect;
  /** For reads outside a transaction. */
  readonly db: Kysely<DB>;
  transaction<T>(work: (tx: Tx<DB>) => Promise<T>): Promise<T>;
}

export interface StoreOptions {
  /** `system/service`, stamped on every event as its source. */
  source: string;
  /** Told after a transaction that published events commits, so the relay need not wait for its next poll. */
  onCommitWithEvents?: () => void;
  /** Makes a producer span for each published event; without one, the event continues the active span. */
  tracer?: Tracer;
}

export function createStore<DB>(database: ServiceDatabase, options: StoreOptions): Store<DB> {
  const db = database.db as Kysely<DB>;
  const kit = database.db as Kysely<OutboxTables>;
  return {
    dialect: database.dialect,
    db,
    async transaction(work) {
      let published = 0;
      const result = await kit.transaction().execute(async (trx) => {
        const tx: Tx<DB> = {
          db: trx as unknown as Kysely<DB>,
          async publish(event) {
            const traceparent = options.tracer
              ? producerTraceparent(options.tracer, `publish ${event.type}`, {
                  'messaging.operation.type': 'send',
                  'messaging.destination.name': event.type,
                  'mosaic.subject': event.subject,
                })
              : traceparentOf(context.active());
            const envelope = await writeToOutbox(trx, options.source, event, traceparent);
            published++;
            return envelope;
          },
        };
        return work(tx);
      });
      if (published > 0) options.onCommitWithEvents?.();
      return result;
    },
  };
}
