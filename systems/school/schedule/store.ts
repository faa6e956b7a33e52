import { randomInt } from 'node:crypto';
import type { Migrations } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { daysInMonth, monthKey, PERIODS, type Schedule, type TimetableDay, type YearMonth } from './domain.ts';

type Periods = { [K in `time${1 | 2 | 3 | 4 | 5 | 6 | 7}`]: string };

export interface ScheduleTables {
  schedules: {
    schedule_uuid: string;
    start_date: string;
    end_date: string;
    detail: string;
    created_at: string;
  };
  timetables: Periods & { day: string; grade: number; class_no: number };
  /** Which months have a timetable, and where it came from: the bundled week, or an admin's upload. */
  timetable_months: { month: string; source: 'week' | 'upload'; loaded_at: string };
}

export const migrations: Migrations = {
  '001_schedules': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('schedules')
        .addColumn('schedule_uuid', 'varchar(22)', (c) => c.primaryKey())
        .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('detail', 'varchar(100)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('schedules_span').on('schedules').columns(['start_date', 'end_date']).execute();

      let timetables = db.schema
        .createTable('timetables')
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('class_no', 'integer', (c) => c.notNull());
      for (let period = 1; period <= PERIODS; period++) {
        timetables = timetables.addColumn(`time${period}`, 'varchar(30)', (c) => c.notNull());
      }
      await timetables.addPrimaryKeyConstraint('timetables_pk', ['day', 'grade', 'class_no']).execute();

      await db.schema
        .createTable('timetable_months')
        .addColumn('month', 'varchar(7)', (c) => c.primaryKey())
        .addColumn('source', 'varchar(10)', (c) => c.notNull())
        .addColumn('loaded_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

/** `schedule-` + 13 digits, as the seed. */
export function newScheduleUuid(): string {
  let digits = '';
  for (let i = 0; i < 13; i++) digits += String(randomInt(10));
  return `schedule-${digits}`;
}

export function schedules(db: Kysely<ScheduleTables>) {
  return {
    async find(scheduleUuid: string): Promise<Schedule | undefined> {
      const row = await db
        .selectFrom('schedules')
        .selectAll()
        .where('schedule_uuid', '=', scheduleUuid)
        .executeTakeFirst();
      return row ? toSchedule(row) : undefined;
    },
    /** Every schedule from a month that starts by its last day and ends on or after its first. */
    async ofMonth(month: YearMonth): Promise<Schedule[]> {
      const key = monthKey(month);
      const rows = await db
        .selectFrom('schedules')
        .selectAll()
        .where('start_date', '<=', `${key}-31`)
        .where('end_date', '>=', `${key}-01`)
        .orderBy('start_date')
        .orderBy('end_date')
        .orderBy('schedule_uuid')
        .execute();
      return rows.map(toSchedule);
    },
    async add(schedule: Schedule, now: string): Promise<void> {
      await db
        .insertInto('schedules')
        .values({
          schedule_uuid: schedule.scheduleUuid,
          start_date: schedule.startDate,
          end_date: schedule.endDate,
          detail: schedule.detail,
          created_at: now,
        })
        .execute();
    },
    async save(schedule: Schedule): Promise<void> {
      await db
        .updateTable('schedules')
        .set({ start_date: schedule.startDate, end_date: schedule.endDate, detail: schedule.detail })
        .where('schedule_uuid', '=', schedule.scheduleUuid)
        .execute();
    },
    async remove(scheduleUuid: string): Promise<void> {
      await db.deleteFrom('schedules').where('schedule_uuid', '=', scheduleUuid).execute();
    },
  };
}

export function timetables(db: Kysely<ScheduleTables>) {
  return {
    /** A class's lessons on these days, in their order; a day without lessons has seven ''. */
    async ofClass(grade: number, group: number, days: readonly string[]): Promise<TimetableDay[]> {
      const rows = await db
        .selectFrom('timetables')
        .selectAll()
        .where('grade', '=', grade)
        .where('class_no', '=', group)
        .where('day', 'in', days)
        .execute();
      const byDay = new Map(rows.map((row) => [row.day, periodsOf(row)]));
      return days.map((date) => ({ date, grade, group, periods: byDay.get(date) ?? Array(PERIODS).fill('') }));
    },
    async hasMonth(month: YearMonth): Promise<boolean> {
      const row = await db
        .selectFrom('timetable_months')
        .select('month')
        .where('month', '=', monthKey(month))
        .executeTakeFirst();
      return row !== undefined;
    },
    /** Makes `days` the month's whole timetable (nothing else of that month is kept). */
    async replaceMonth(month: YearMonth, days: readonly TimetableDay[], source: 'week' | 'upload', now: string) {
      const key = monthKey(month);
      await db
        .deleteFrom('timetables')
        .where('day', '>=', `${key}-01`)
        .where('day', '<=', `${key}-${String(daysInMonth(month)).padStart(2, '0')}`)
        .execute();
      // Chunks keep each INSERT's bind parameters well under every engine's limit (12 classes × 23 days × 10).
      for (let i = 0; i < days.length; i += 100) {
        await db
          .insertInto('timetables')
          .values(days.slice(i, i + 100).map(rowOf))
          .execute();
      }
      await db.deleteFrom('timetable_months').where('month', '=', key).execute();
      await db.insertInto('timetable_months').values({ month: key, source, loaded_at: now }).execute();
    },
  };
}

function rowOf(day: TimetableDay): ScheduleTables['timetables'] {
  const periods = Object.fromEntries(day.periods.map((subject, i) => [`time${i + 1}`, subject])) as Periods;
  return { day: day.date, grade: day.grade, class_no: day.group, ...periods };
}

function periodsOf(row: ScheduleTables['timetables']): string[] {
  return Array.from({ length: PERIODS }, (_, i) => row[`time${i + 1}` as keyof Periods]);
}

function toSchedule(row: ScheduleTables['schedules']): Schedule {
  return {
    scheduleUuid: row.schedule_uuid,
    startDate: row.start_date,
    endDate: row.end_date,
    detail: row.detail,
  };
}
