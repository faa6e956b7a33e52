import type { Kysely } from 'kysely';
import { isMysql } from '../store/columns.ts';
import type { Migrations } from '../store/migrations.ts';
import type { Saga } from './define.ts';
import { recentRows } from './recent-rows.ts';
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
  /** The instance's row with this one event, unless it exists already (then undefined, and nothing written). */
  const createIfNew = async (subject: string, event: SagaEvent, now: string) => {
    const state = sagaState(saga, [event]);
    const row = {
      saga_name: saga.name,
      subject,
      status: state.status,
      step: state.step,
      events: JSON.stringify([event]),
      deadline: state.deadline ?? null,
      timed_out_at: null,
      started_at: now,
      updated_at: now,
    };
    const insert = db.insertInto('mosaic_saga').values(row);
    const result = await (isMysql(db)
      ? insert.ignore()
      : insert.onConflict((oc) => oc.columns(['saga_name', 'subject']).doNothing())
    ).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? { events: row.events, step: row.step } : undefined;
  };
  return {
    async find(subject: string): Promise<SagaInstance | undefined> {
      const row = await where(subject).executeTakeFirst();
      return row ? toInstance(row) : undefined;
    },
    /**
     * Adds one event and the state it leads to. Idempotent by the event's id, so it needs neither the inbox
     * nor a transaction: the owner's saga group hands it one subject's events one at a time, and a redelivered
     * event finds itself already recorded. On the saga's hot path, so one statement per event as a rule: an
     * instance's first event is an INSERT that does nothing when the row exists, and a later one an UPDATE
     * from the row this process last wrote (`recentRows`), on condition that the stored events are still those
     * (another replica or a restart may have moved on: then the row is read and the update tried again).
     */
    async record(subject: string, event: SagaEvent, now: string): Promise<void> {
      const recent = recentRows(db, saga.name);
      let row: Pick<Row, 'events' | 'step'> | undefined = recent.get(subject);
      if (!row) {
        const first = await createIfNew(subject, event, now);
        if (first) {
          recent.remember(subject, first);
          return;
        }
      }
      for (let attempt = 1; ; attempt++) {
        row ??= await where(subject).executeTakeFirst();
        if (!row) throw new Error(`saga ${saga.name} ${subject}: its record vanished while an event was added`);
        const events: SagaEvent[] = JSON.parse(row.events);
        if (events.some((e) => e.id === event.id)) {
          recent.remember(subject, row);
          return;
        }
        events.push(event);
        const state = sagaState(saga, events);
        const written = { events: JSON.stringify(events), step: state.step };
        // A new step has a new deadline, and may time out in its turn; the same step keeps what the sweep marked.
        const newStep = row.step !== state.step ? { timed_out_at: null } : {};
        const result = await db
          .updateTable('mosaic_saga')
          .set({ ...written, status: state.status, deadline: state.deadline ?? null, updated_at: now, ...newStep })
          .where('saga_name', '=', saga.name)
          .where('subject', '=', subject)
          .where('events', '=', row.events)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          recent.remember(subject, written);
          return;
        }
        if (attempt >= 3) throw new Error(`saga ${saga.name} ${subject}: its record kept changing under this event`);
        recent.forget(subject);
        row = undefined;
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
