import type { Migrations } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import type { Outing, OutingStatus } from './domain.ts';

export interface OutingTables {
  /** The Outing aggregate as it is, one column per field, plus when the row was written. */
  outings: Outing & {
    created_at: string;
    updated_at: string;
  };
  /** Switches an admin changes at run time (today: parent approval). */
  outing_settings: { name: string; value: string };
}

export const migrations: Migrations = {
  '001_outings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('outings')
        .addColumn('outing_uuid', 'varchar(24)', (c) => c.primaryKey())
        .addColumn('student_uuid', 'varchar(24)', (c) => c.notNull())
        .addColumn('status', 'varchar(2)', (c) => c.notNull())
        .addColumn('situation', 'varchar(10)', (c) => c.notNull())
        .addColumn('start_time', 'bigint', (c) => c.notNull())
        .addColumn('end_time', 'bigint', (c) => c.notNull())
        .addColumn('place', 'varchar(150)', (c) => c.notNull())
        .addColumn('reason', 'varchar(150)', (c) => c.notNull())
        .addColumn('arrival_time', 'bigint')
        .addColumn('accepted_teacher', 'varchar(24)')
        .addColumn('confirm_code', 'varchar(12)', (c) => c.unique())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('outings_student_start')
        .on('outings')
        .columns(['student_uuid', 'start_time'])
        .execute();
      await db.schema.createIndex('outings_status_start').on('outings').columns(['status', 'start_time']).execute();
      await db.schema
        .createTable('outing_settings')
        .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('value', 'varchar(200)', (c) => c.notNull())
        .execute();
    },
  },
};

type Row = OutingTables['outings'];

function toOuting(row: Row): Outing {
  return {
    outing_uuid: row.outing_uuid,
    student_uuid: row.student_uuid,
    status: row.status,
    situation: row.situation,
    // bigint columns come back as strings on some drivers
    start_time: Number(row.start_time),
    end_time: Number(row.end_time),
    place: row.place,
    reason: row.reason,
    arrival_time: row.arrival_time === null ? null : Number(row.arrival_time),
    accepted_teacher: row.accepted_teacher,
    confirm_code: row.confirm_code,
  };
}

export interface OutingFilter {
  statuses?: readonly OutingStatus[];
  students?: readonly string[];
  startFrom?: number;
  startTo?: number;
  offset: number;
  /** 0: all of them. */
  limit: number;
}

/** The Outing repository over whichever handle it is given (a transaction or the plain store). */
export function outings(db: Kysely<OutingTables>) {
  return {
    async find(outingUuid: string): Promise<Outing | undefined> {
      const row = await db.selectFrom('outings').selectAll().where('outing_uuid', '=', outingUuid).executeTakeFirst();
      return row ? toOuting(row) : undefined;
    },
    async findByCode(code: string): Promise<Outing | undefined> {
      const row = await db.selectFrom('outings').selectAll().where('confirm_code', '=', code).executeTakeFirst();
      return row ? toOuting(row) : undefined;
    },
    /** Any outing of the student whose start lies in [from, to). */
    async onDay(studentUuid: string, from: number, to: number): Promise<Outing | undefined> {
      const row = await db
        .selectFrom('outings')
        .selectAll()
        .where('student_uuid', '=', studentUuid)
        .where('start_time', '>=', from)
        .where('start_time', '<', to)
        .executeTakeFirst();
      return row ? toOuting(row) : undefined;
    },
    async add(outing: Outing, now: string): Promise<void> {
      await db
        .insertInto('outings')
        .values({ ...outing, created_at: now, updated_at: now })
        .execute();
    },
    async save(outing: Outing, now: string): Promise<void> {
      const { outing_uuid, ...rest } = outing;
      await db
        .updateTable('outings')
        .set({ ...rest, updated_at: now })
        .where('outing_uuid', '=', outing_uuid)
        .execute();
    },
    async ofStudent(studentUuid: string, offset: number, limit: number): Promise<Outing[]> {
      const rows = await db
        .selectFrom('outings')
        .selectAll()
        .where('student_uuid', '=', studentUuid)
        .orderBy('end_time', 'desc')
        .orderBy('outing_uuid')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toOuting);
    },
    async filter(filter: OutingFilter): Promise<Outing[]> {
      let q = db.selectFrom('outings').selectAll();
      if (filter.statuses && filter.statuses.length > 0) q = q.where('status', 'in', [...filter.statuses]);
      if (filter.students) {
        if (filter.students.length === 0) return [];
        q = q.where('student_uuid', 'in', [...filter.students]);
      }
      if (filter.startFrom !== undefined) q = q.where('start_time', '>=', filter.startFrom);
      if (filter.startTo !== undefined) q = q.where('start_time', '<=', filter.startTo);
      let ordered = q.orderBy('start_time', 'desc').orderBy('outing_uuid').offset(filter.offset);
      // MySQL has no OFFSET without LIMIT: "all" is a very large limit.
      ordered = ordered.limit(filter.limit > 0 ? filter.limit : 1_000_000);
      return (await ordered.execute()).map(toOuting);
    },
  };
}

export function settings(db: Kysely<OutingTables>) {
  return {
    async get(name: string): Promise<string | undefined> {
      const row = await db.selectFrom('outing_settings').select('value').where('name', '=', name).executeTakeFirst();
      return row?.value;
    },
    async set(name: string, value: string): Promise<void> {
      await db.deleteFrom('outing_settings').where('name', '=', name).execute();
      await db.insertInto('outing_settings').values({ name, value }).execute();
    },
  };
}
