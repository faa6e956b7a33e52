import type { Kysely } from 'kysely';
import type { Migrations } from '../store/migrations.ts';
import type { Saga } from './define.ts';
import { type SagaEvent, type SagaState, type SagaStatus, sagaState } from './state.ts';

/** The owner's record of each saga instance: one row per saga and subject, with every event it saw. */
export interface SagaTables {
  mosaic_saga: {
    saga_name: string;
    subject: string;
    status: SagaStatus;
    step: string;
    /** JSON array of SagaEvent, in arrival order. */
    events: string;
    deadline: string | null;
    timed_out_at: string | null;
    started_at: string;
    updated_at: string;
  };
}

// Recorded in the owner's `mosaic_saga_migration` table: never rename or reorder them.
export const sagaMigrations: Migrations = {
  '001_saga': {
    async up(db) {
      await db.schema
        .createTable('mosaic_saga')
        .addColumn('saga_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('subject', 'varchar(200)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('step', 'varchar(100)', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('deadline', 'varchar(40)')
        .addColumn('timed_out_at', 'varchar(40)')
        .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('mosaic_saga_pk', ['saga_name', 'subject'])
        .execute();
      await db.schema
        .createIndex('mosaic_saga_by_status')
        .on('mosaic_saga')
        .columns(['saga_name', 'status', 'deadline'])
        .execute();
    },
  },
};

/** A saga instance as `GET /admin/sagas/<name>/<subject>` shows it. */
export interface SagaInstance extends SagaState {
  readonly saga: string;
  readonly subject: string;
  readonly events: readonly SagaEvent[];
  /** When the owner was told the current step took too long. */
  readonly timedOutAt: string | undefined;
  readonly startedAt: string;
  readonly updatedAt: string;
}

type Row = SagaTables['mosaic_saga'];

export function sagaRecords(db: Kysely<SagaTables>, saga: Saga) {
  const toInstance = (row: Row): SagaInstance => {
    const events = JSON.parse(row.events) as SagaEvent[];
    return {
      saga: row.saga_name,
      subject: row.subject,
      ...sagaState(saga, events),
      events,
      timedOutAt: row.timed_out_at ?? undefined,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
    };
  };
  const where = (subject: string) =>
    db.selectFrom('mosaic_saga').selectAll().where('saga_name', '=', saga.name).where('subject', '=', subject);
  return {
    async find(subject: string): Promise<SagaInstance | undefined> {
      const row = await where(subject).executeTakeFirst();
      return row ? toInstance(row) : undefined;
    },
    /**
     * Adds one event and the state it leads to. Idempotent by the event's id, so it needs neither the inbox
     * nor a transaction: the owner's saga group hands it one subject's events one at a time, and a redelivered
     * event finds itself already recorded. Two statements per event, on the saga's hot path.
     */
    async record(subject: string, event: SagaEvent, now: string): Promise<void> {
      const row = await where(subject).executeTakeFirst();
      const events: SagaEvent[] = row ? JSON.parse(row.events) : [];
      if (events.some((e) => e.id === event.id)) return;
      events.push(event);
      const state = sagaState(saga, events);
      const values = {
        status: state.status,
        step: state.step,
        events: JSON.stringify(events),
        deadline: state.deadline ?? null,
        updated_at: now,
      };
      if (row) {
        // A new step has a new deadline, and may time out in its turn; the same step keeps what the sweep marked.
        const newStep = row.step !== state.step ? { timed_out_at: null } : {};
        await db
          .updateTable('mosaic_saga')
          .set({ ...values, ...newStep })
          .where('saga_name', '=', saga.name)
          .where('subject', '=', subject)
          .execute();
      } else {
        await db
          .insertInto('mosaic_saga')
          .values({ saga_name: saga.name, subject, ...values, timed_out_at: null, started_at: now })
          .execute();
      }
    },
    async list(filter: { status?: SagaStatus; limit: number; offset: number }): Promise<SagaInstance[]> {
      let query = db.selectFrom('mosaic_saga').selectAll().where('saga_name', '=', saga.name);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('started_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
      return rows.map(toInstance);
    },
    /** Running instances whose current step is past its deadline and whose owner has not been told yet. */
    async overdue(now: string, limit: number): Promise<{ subject: string; step: string }[]> {
      return db
        .selectFrom('mosaic_saga')
        .select(['subject', 'step'])
        .where('saga_name', '=', saga.name)
        .where('status', '=', 'running')
        .where('deadline', '<', now)
        .where('timed_out_at', 'is', null)
        .limit(limit)
        .execute();
    },
    async markTimedOut(subject: string, step: string, now: string): Promise<void> {
      await db
        .updateTable('mosaic_saga')
        .set({ timed_out_at: now })
        .where('saga_name', '=', saga.name)
        .where('subject', '=', subject)
        .where('step', '=', step)
        .execute();
    },
  };
}
