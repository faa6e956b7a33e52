import { randomInt } from 'node:crypto';
import { autoId, insertWithId, isUniqueViolation, type Migrations } from '@mosaic/kit/store';
import { type ExpressionBuilder, type Generated, type Kysely, sql } from 'kysely';
import type { Announcement, AnnouncementType, Reader } from './domain.ts';

export interface AnnouncementTables {
  announcements: {
    number: Generated<number>;
    announcement_uuid: string;
    type: AnnouncementType;
    writer_uuid: string;
    writer_name: string;
    club_name: string | null;
    title: string;
    content: string;
    target_grade: string;
    target_group: string;
    written_at: string;
  };
  announcement_reads: { announcement_uuid: string; reader_uuid: string; read_at: string };
}

export const migrations: Migrations = {
  '001_announcements': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('announcements')
        .addColumn('number', 'integer', autoId(db))
        .addColumn('announcement_uuid', 'varchar(25)', (c) => c.notNull().unique())
        .addColumn('type', 'varchar(6)', (c) => c.notNull())
        .addColumn('writer_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('writer_name', 'varchar(30)', (c) => c.notNull())
        .addColumn('club_name', 'varchar(30)')
        .addColumn('title', 'varchar(50)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('target_grade', 'varchar(3)', (c) => c.notNull())
        .addColumn('target_group', 'varchar(4)', (c) => c.notNull())
        .addColumn('written_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('announcements_type').on('announcements').columns(['type', 'number']).execute();
      await db.schema
        .createIndex('announcements_writer')
        .on('announcements')
        .columns(['writer_uuid', 'type', 'number'])
        .execute();
      await db.schema
        .createTable('announcement_reads')
        .addColumn('announcement_uuid', 'varchar(25)', (c) => c.notNull())
        .addColumn('reader_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('read_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('announcement_reads_pk', ['announcement_uuid', 'reader_uuid'])
        .execute();
      await db.schema.createIndex('announcement_reads_reader').on('announcement_reads').column('reader_uuid').execute();
    },
  },
};

/** `announcement-` + 12 digits, as the seed. */
export function newAnnouncementUuid(): string {
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  return `announcement-${digits}`;
}

type Row = Omit<AnnouncementTables['announcements'], 'number'> & { number: number };
type Eb = ExpressionBuilder<AnnouncementTables, 'announcements'>;

/** An announcement in a list, with what the reader's page needs beside it. */
export interface Listed {
  announcement: Announcement;
  views: number;
  checked: boolean;
}

export interface Page {
  items: Listed[];
  /** Every announcement the query would list, over all pages. */
  size: number;
}

/**
 * What `reader` may see, in SQL: all of it, unless a student looks at school announcements, who then sees
 * the ones whose targets contain their grade and their class (digits in strings, as the seed kept them).
 */
function visible(eb: Eb, reader: Reader) {
  if (reader.role !== 'student') return eb.lit(true);
  return eb.or([
    eb('type', '=', 'club'),
    eb.and([eb('target_grade', 'like', `%${reader.grade}%`), eb('target_group', 'like', `%${reader.group}%`)]),
  ]);
}

export interface ListQuery {
  type: AnnouncementType;
  offset: number;
  count: number;
  /** Part of the title. */
  titleContains?: string;
  writerUuid?: string;
}

/** The Announcement repository (and its readers) over the handle it is given. */
export function announcements(db: Kysely<AnnouncementTables>) {
  const filtered = (query: ListQuery, reader: Reader | undefined) => {
    let select = db.selectFrom('announcements').where('type', '=', query.type);
    if (reader) select = select.where((eb) => visible(eb, reader));
    if (query.titleContains) select = select.where('title', 'like', containing(query.titleContains));
    if (query.writerUuid) select = select.where('writer_uuid', '=', query.writerUuid);
    return select;
  };

  return {
    async find(announcementUuid: string): Promise<Announcement | undefined> {
      const row = await db
        .selectFrom('announcements')
        .selectAll()
        .where('announcement_uuid', '=', announcementUuid)
        .executeTakeFirst();
      return row ? toAnnouncement(row) : undefined;
    },
    /**
     * One page of announcements, newest first, with views and whether `readerUuid` read each. `visibleTo`
     * limits it to what that reader may see; without it every announcement of the type is listed.
     */
    async page(query: ListQuery, readerUuid: string, visibleTo: Reader | undefined): Promise<Page> {
      const rows = await filtered(query, visibleTo)
        .selectAll()
        .orderBy('number', 'desc')
        .limit(query.count)
        .offset(query.offset)
        .execute();
      const total = await filtered(query, visibleTo)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      const uuids = rows.map((r) => r.announcement_uuid);
      const views = await this.views(uuids);
      const read = await this.readBy(readerUuid, uuids);
      return {
        size: Number(total.n),
        items: rows.map((row) => ({
          announcement: toAnnouncement(row),
          views: views.get(row.announcement_uuid) ?? 0,
          checked: read.has(row.announcement_uuid),
        })),
      };
    },
    async views(uuids: readonly string[]): Promise<Map<string, number>> {
      if (uuids.length === 0) return new Map();
      const rows = await db
        .selectFrom('announcement_reads')
        .select(['announcement_uuid', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('announcement_uuid', 'in', uuids)
        .groupBy('announcement_uuid')
        .execute();
      return new Map(rows.map((r) => [r.announcement_uuid, Number(r.n)]));
    },
    async readBy(readerUuid: string, uuids: readonly string[]): Promise<Set<string>> {
      if (uuids.length === 0) return new Set();
      const rows = await db
        .selectFrom('announcement_reads')
        .select('announcement_uuid')
        .where('reader_uuid', '=', readerUuid)
        .where('announcement_uuid', 'in', uuids)
        .execute();
      return new Set(rows.map((r) => r.announcement_uuid));
    },
    /** The nearest announcements of the same type the reader may see: newer (next) and older (previous). */
    async neighbours(announcement: Announcement, reader: Reader) {
      const around = (direction: 'next' | 'previous') =>
        db
          .selectFrom('announcements')
          .select(['announcement_uuid', 'title'])
          .where('type', '=', announcement.type)
          .where('number', direction === 'next' ? '>' : '<', announcement.number)
          .where((eb) => visible(eb, reader))
          .orderBy('number', direction === 'next' ? 'asc' : 'desc')
          .limit(1)
          .executeTakeFirst();
      return { next: await around('next'), previous: await around('previous') };
    },
    /** Whether the reader has left unread any announcement of each type they may see. */
    async unread(reader: Reader): Promise<Record<AnnouncementType, boolean>> {
      const rows = await db
        .selectFrom('announcements')
        .select('type')
        .distinct()
        .where((eb) => visible(eb, reader))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('announcement_reads')
                .select(sql.lit(1).as('one'))
                .whereRef('announcement_reads.announcement_uuid', '=', 'announcements.announcement_uuid')
                .where('announcement_reads.reader_uuid', '=', reader.uuid),
            ),
          ),
        )
        .execute();
      const types = new Set(rows.map((r) => r.type));
      return { school: types.has('school'), club: types.has('club') };
    },
    async add(announcement: Omit<Announcement, 'number'>): Promise<Announcement> {
      const number = await insertWithId(
        db,
        'announcements',
        {
          announcement_uuid: announcement.announcementUuid,
          type: announcement.type,
          writer_uuid: announcement.writerUuid,
          writer_name: announcement.writerName,
          club_name: announcement.clubName,
          title: announcement.title,
          content: announcement.content,
          target_grade: announcement.targetGrade,
          target_group: announcement.targetGroup,
          written_at: announcement.writtenAt,
        },
        'number',
      );
      return { ...announcement, number };
    },
    async save(announcement: Announcement): Promise<void> {
      await db
        .updateTable('announcements')
        .set({
          title: announcement.title,
          content: announcement.content,
          target_grade: announcement.targetGrade,
          target_group: announcement.targetGroup,
        })
        .where('announcement_uuid', '=', announcement.announcementUuid)
        .execute();
    },
    async remove(announcementUuid: string): Promise<void> {
      await db.deleteFrom('announcement_reads').where('announcement_uuid', '=', announcementUuid).execute();
      await db.deleteFrom('announcements').where('announcement_uuid', '=', announcementUuid).execute();
    },
    /** Marks the announcement read by this account; reading twice (even at once) counts once. */
    async markRead(announcementUuid: string, readerUuid: string, at: string): Promise<void> {
      const seen = await db
        .selectFrom('announcement_reads')
        .select('reader_uuid')
        .where('announcement_uuid', '=', announcementUuid)
        .where('reader_uuid', '=', readerUuid)
        .executeTakeFirst();
      if (seen) return;
      try {
        await db
          .insertInto('announcement_reads')
          .values({ announcement_uuid: announcementUuid, reader_uuid: readerUuid, read_at: at })
          .execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },
  };
}

/** `%x%` for LIKE, with the caller's own `%`, `_` and `\` taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toAnnouncement(row: Row): Announcement {
  return {
    announcementUuid: row.announcement_uuid,
    number: row.number,
    type: row.type,
    writerUuid: row.writer_uuid,
    writerName: row.writer_name,
    clubName: row.club_name,
    title: row.title,
    content: row.content,
    targetGrade: row.target_grade,
    targetGroup: row.target_group,
    writtenAt: row.written_at,
  };
}
