import { randomInt } from 'node:crypto';
import { autoId, isMysql, type Migrations } from '@mosaic/kit/store';
import { type Generated, type Kysely, sql } from 'kysely';
import type { Club, RecruitMember, Recruitment } from './domain.ts';

export interface ClubTables {
  clubs: {
    club_uuid: string;
    leader_uuid: string;
    name: string;
    field: string;
    location: string;
    floor: number;
    club_concept: string;
    introduction: string;
    link: string;
    logo_version: number;
    /** true while the club exists, null once deleted: unique (name|location|leader, active) then binds live clubs only. */
    active: boolean | null;
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
  };
  /** `seq` keeps the order members joined in (the form's order for the founders). */
  club_members: { seq: Generated<number>; club_uuid: string; student_uuid: string; joined_at: string };
  recruitments: {
    recruitment_uuid: string;
    club_uuid: string;
    recruit_concept: string;
    start_period: string;
    end_period: string | null;
    created_at: string;
    deleted_at: string | null;
  };
  recruit_members: { recruitment_uuid: string; position: number; grade: number; field: string; number: number };
  club_files: { file_key: string; content_type: string; bytes: Uint8Array; updated_at: string };
}

export const migrations: Migrations = {
  '001_clubs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('clubs')
        .addColumn('club_uuid', 'varchar(17)', (c) => c.primaryKey())
        .addColumn('leader_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(30)', (c) => c.notNull())
        .addColumn('field', 'varchar(20)', (c) => c.notNull())
        .addColumn('location', 'varchar(20)', (c) => c.notNull())
        .addColumn('floor', 'integer', (c) => c.notNull())
        .addColumn('club_concept', 'varchar(40)', (c) => c.notNull())
        .addColumn('introduction', 'varchar(150)', (c) => c.notNull())
        .addColumn('link', 'varchar(100)', (c) => c.notNull())
        .addColumn('logo_version', 'integer', (c) => c.notNull())
        .addColumn('active', 'boolean')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('deleted_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('clubs_live_name').unique().on('clubs').columns(['name', 'active']).execute();
      await db.schema.createIndex('clubs_live_location').unique().on('clubs').columns(['location', 'active']).execute();
      await db.schema
        .createIndex('clubs_live_leader')
        .unique()
        .on('clubs')
        .columns(['leader_uuid', 'active'])
        .execute();
      await db.schema.createIndex('clubs_updated').on('clubs').columns(['active', 'updated_at']).execute();

      await db.schema
        .createTable('club_members')
        .addColumn('seq', 'integer', autoId(db))
        .addColumn('club_uuid', 'varchar(17)', (c) => c.notNull())
        .addColumn('student_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('joined_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('club_members_once', ['club_uuid', 'student_uuid'])
        .execute();

      await db.schema
        .createTable('recruitments')
        .addColumn('recruitment_uuid', 'varchar(24)', (c) => c.primaryKey())
        .addColumn('club_uuid', 'varchar(17)', (c) => c.notNull())
        .addColumn('recruit_concept', 'varchar(40)', (c) => c.notNull())
        .addColumn('start_period', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_period', 'varchar(10)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('deleted_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('recruitments_club')
        .on('recruitments')
        .columns(['club_uuid', 'deleted_at'])
        .execute();

      await db.schema
        .createTable('recruit_members')
        .addColumn('recruitment_uuid', 'varchar(24)', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('field', 'varchar(20)', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('recruit_members_pk', ['recruitment_uuid', 'position'])
        .execute();

      await db.schema
        .createTable('club_files')
        .addColumn('file_key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('content_type', 'varchar(50)', (c) => c.notNull())
        .addColumn('bytes', isMysql(db) ? sql`mediumblob` : 'bytea', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

/** `club-` + 12 digits, as the seed. */
export const newClubUuid = () => `club-${digits(12)}`;
/** `recruitment-` + 12 digits, as the seed. */
export const newRecruitmentUuid = () => `recruitment-${digits(12)}`;

function digits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}

type ClubRow = ClubTables['clubs'];

export interface ClubFilter {
  start: number;
  count: number;
  field?: string;
  name?: string;
}

/** The Club repository over whichever handle it is given (a transaction or the plain store). */
export function clubs(db: Kysely<ClubTables>) {
  async function withMembers(rows: ClubRow[]): Promise<Club[]> {
    if (rows.length === 0) return [];
    const members = await db
      .selectFrom('club_members')
      .select(['club_uuid', 'student_uuid'])
      .where(
        'club_uuid',
        'in',
        rows.map((r) => r.club_uuid),
      )
      .orderBy('seq')
      .execute();
    const byClub = new Map<string, string[]>();
    for (const m of members) byClub.set(m.club_uuid, [...(byClub.get(m.club_uuid) ?? []), m.student_uuid]);
    return rows.map((row) => toClub(row, byClub.get(row.club_uuid) ?? []));
  }

  const live = () => db.selectFrom('clubs').selectAll().where('active', '=', true);

  return {
    /** A live club; `lock` holds its row until the transaction ends, so its invariants are checked alone. */
    async find(clubUuid: string, lock = false): Promise<Club | undefined> {
      let query = live().where('club_uuid', '=', clubUuid);
      if (lock) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row ? (await withMembers([row]))[0] : undefined;
    },
    /** The live clubs among `uuids`, in the order asked; undefined when any is unknown. */
    async findAll(uuids: readonly string[]): Promise<Club[] | undefined> {
      if (uuids.length === 0) return [];
      const rows = await live().where('club_uuid', 'in', uuids).execute();
      const found = new Map((await withMembers(rows)).map((c) => [c.clubUuid, c]));
      const ordered = uuids.map((uuid) => found.get(uuid));
      return ordered.every((c) => c !== undefined) ? (ordered as Club[]) : undefined;
    },
    async list(filter: ClubFilter): Promise<Club[]> {
      let query = live();
      if (filter.field) query = query.where('field', '=', filter.field);
      if (filter.name) query = query.where('name', 'like', containing(filter.name));
      const rows = await query
        .orderBy('updated_at', 'desc')
        .orderBy('club_uuid')
        .limit(filter.count)
        .offset(filter.start)
        .execute();
      return withMembers(rows);
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('clubs')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('active', '=', true)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async fields(): Promise<string[]> {
      const rows = await db
        .selectFrom('clubs')
        .select('field')
        .distinct()
        .where('active', '=', true)
        .orderBy('field')
        .execute();
      return rows.map((r) => r.field);
    },
    /** Every member (leaders included) of the live clubs on a floor. */
    async membersOnFloor(floor: number): Promise<string[]> {
      const rows = await db
        .selectFrom('club_members as m')
        .innerJoin('clubs as c', 'c.club_uuid', 'm.club_uuid')
        .select('m.student_uuid')
        .distinct()
        .where('c.active', '=', true)
        .where('c.floor', '=', floor)
        .orderBy('m.student_uuid')
        .execute();
      return rows.map((r) => r.student_uuid);
    },
    async ledBy(leaderUuid: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('clubs')
        .select('club_uuid')
        .where('active', '=', true)
        .where('leader_uuid', '=', leaderUuid)
        .executeTakeFirst();
      return row?.club_uuid;
    },
    /** Which live club already uses this name or location (for the seed's -1504/-1505). */
    async clash(name: string, location: string): Promise<'name' | 'location' | undefined> {
      const rows = await db
        .selectFrom('clubs')
        .select(['name', 'location'])
        .where('active', '=', true)
        .where((eb) => eb.or([eb('name', '=', name), eb('location', '=', location)]))
        .execute();
      if (rows.some((r) => r.name === name)) return 'name';
      if (rows.some((r) => r.location === location)) return 'location';
      return undefined;
    },
    async add(club: Club, now: string): Promise<void> {
      await db
        .insertInto('clubs')
        .values({
          club_uuid: club.clubUuid,
          leader_uuid: club.leaderUuid,
          name: club.name,
          field: club.field,
          location: club.location,
          floor: club.floor,
          club_concept: club.clubConcept,
          introduction: club.introduction,
          link: club.link,
          logo_version: club.logoVersion,
          active: true,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
      await db
        .insertInto('club_members')
        .values(club.memberUuids.map((student_uuid) => ({ club_uuid: club.clubUuid, student_uuid, joined_at: now })))
        .execute();
    },
    /** Saves the club's own row and makes its member list exactly `club.memberUuids`. */
    async save(club: Club, now: string): Promise<Club> {
      await db
        .updateTable('clubs')
        .set({
          leader_uuid: club.leaderUuid,
          club_concept: club.clubConcept,
          introduction: club.introduction,
          link: club.link,
          logo_version: club.logoVersion,
          updated_at: now,
        })
        .where('club_uuid', '=', club.clubUuid)
        .execute();
      const stored = await db
        .selectFrom('club_members')
        .select('student_uuid')
        .where('club_uuid', '=', club.clubUuid)
        .execute();
      const before = new Set(stored.map((m) => m.student_uuid));
      const after = new Set(club.memberUuids);
      const gone = [...before].filter((uuid) => !after.has(uuid));
      const joined = [...after].filter((uuid) => !before.has(uuid));
      if (gone.length > 0) {
        await db
          .deleteFrom('club_members')
          .where('club_uuid', '=', club.clubUuid)
          .where('student_uuid', 'in', gone)
          .execute();
      }
      if (joined.length > 0) {
        await db
          .insertInto('club_members')
          .values(joined.map((student_uuid) => ({ club_uuid: club.clubUuid, student_uuid, joined_at: now })))
          .execute();
      }
      return { ...club, updatedAt: now };
    },
    /** Soft delete: the row stays for the record, but frees its name, location and leader for other clubs. */
    async softDelete(clubUuid: string, now: string): Promise<void> {
      await db
        .updateTable('clubs')
        .set({ active: null, deleted_at: now, updated_at: now })
        .where('club_uuid', '=', clubUuid)
        .execute();
    },
  };
}

export interface RecruitmentFilter extends ClubFilter {
  today: string;
}

/** The Recruitment repository. A recruitment of a deleted club, or a deleted recruitment, is never found. */
export function recruitments(db: Kysely<ClubTables>) {
  const visible = () =>
    db
      .selectFrom('recruitments as r')
      .innerJoin('clubs as c', 'c.club_uuid', 'r.club_uuid')
      .selectAll('r')
      .where('c.active', '=', true)
      .where('r.deleted_at', 'is', null);
  const current = (today: string) =>
    visible().where((eb) => eb.or([eb('r.end_period', 'is', null), eb('r.end_period', '>=', today)]));

  async function withMembers(rows: ClubTables['recruitments'][]): Promise<Recruitment[]> {
    if (rows.length === 0) return [];
    const members = await db
      .selectFrom('recruit_members')
      .selectAll()
      .where(
        'recruitment_uuid',
        'in',
        rows.map((r) => r.recruitment_uuid),
      )
      .orderBy('position')
      .execute();
    const byRecruitment = new Map<string, RecruitMember[]>();
    for (const m of members) {
      const list = byRecruitment.get(m.recruitment_uuid) ?? [];
      list.push({ grade: m.grade, field: m.field, number: m.number });
      byRecruitment.set(m.recruitment_uuid, list);
    }
    return rows.map((row) => ({
      recruitmentUuid: row.recruitment_uuid,
      clubUuid: row.club_uuid,
      recruitConcept: row.recruit_concept,
      startPeriod: row.start_period,
      endPeriod: row.end_period,
      createdAt: row.created_at,
      members: byRecruitment.get(row.recruitment_uuid) ?? [],
    }));
  }

  return {
    async find(recruitmentUuid: string): Promise<Recruitment | undefined> {
      const row = await visible().where('r.recruitment_uuid', '=', recruitmentUuid).executeTakeFirst();
      return row ? (await withMembers([row]))[0] : undefined;
    },
    async currentOf(clubUuid: string, today: string): Promise<Recruitment | undefined> {
      const row = await current(today)
        .where('r.club_uuid', '=', clubUuid)
        .orderBy('r.created_at', 'desc')
        .executeTakeFirst();
      return row ? (await withMembers([row]))[0] : undefined;
    },
    /** Current recruitment uuids of these clubs, in their order; clubs without one are skipped. */
    async currentUuidsOf(clubUuids: readonly string[], today: string): Promise<string[]> {
      if (clubUuids.length === 0) return [];
      const rows = await current(today).where('r.club_uuid', 'in', clubUuids).execute();
      const byClub = new Map(rows.map((r) => [r.club_uuid, r.recruitment_uuid]));
      return clubUuids.flatMap((uuid) => {
        const found = byClub.get(uuid);
        return found ? [found] : [];
      });
    },
    async listCurrent(filter: RecruitmentFilter): Promise<Recruitment[]> {
      let query = current(filter.today);
      if (filter.field) query = query.where('c.field', '=', filter.field);
      if (filter.name) query = query.where('c.name', 'like', containing(filter.name));
      const rows = await query
        .orderBy('r.created_at', 'desc')
        .orderBy('r.recruitment_uuid')
        .limit(filter.count)
        .offset(filter.start)
        .execute();
      return withMembers(rows);
    },
    async countCurrent(today: string): Promise<number> {
      const row = await current(today)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async add(recruitment: Recruitment): Promise<void> {
      await db
        .insertInto('recruitments')
        .values({
          recruitment_uuid: recruitment.recruitmentUuid,
          club_uuid: recruitment.clubUuid,
          recruit_concept: recruitment.recruitConcept,
          start_period: recruitment.startPeriod,
          end_period: recruitment.endPeriod,
          created_at: recruitment.createdAt,
          deleted_at: null,
        })
        .execute();
      await insertMembers(db, recruitment);
    },
    async save(recruitment: Recruitment): Promise<void> {
      await db
        .updateTable('recruitments')
        .set({ recruit_concept: recruitment.recruitConcept, end_period: recruitment.endPeriod })
        .where('recruitment_uuid', '=', recruitment.recruitmentUuid)
        .execute();
      await db.deleteFrom('recruit_members').where('recruitment_uuid', '=', recruitment.recruitmentUuid).execute();
      await insertMembers(db, recruitment);
    },
    async softDelete(recruitmentUuid: string, now: string): Promise<void> {
      await db
        .updateTable('recruitments')
        .set({ deleted_at: now })
        .where('recruitment_uuid', '=', recruitmentUuid)
        .execute();
    },
  };
}

async function insertMembers(db: Kysely<ClubTables>, recruitment: Recruitment) {
  if (recruitment.members.length === 0) return;
  await db
    .insertInto('recruit_members')
    .values(
      recruitment.members.map((m, position) => ({
        recruitment_uuid: recruitment.recruitmentUuid,
        position,
        grade: m.grade,
        field: m.field,
        number: m.number,
      })),
    )
    .execute();
}

/** `%x%` for LIKE, with the caller's own `%`, `_` and `\` taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toClub(row: ClubRow, memberUuids: string[]): Club {
  return {
    clubUuid: row.club_uuid,
    leaderUuid: row.leader_uuid,
    memberUuids,
    name: row.name,
    field: row.field,
    location: row.location,
    floor: row.floor,
    clubConcept: row.club_concept,
    introduction: row.introduction,
    link: row.link,
    logoVersion: row.logo_version,
    updatedAt: row.updated_at,
  };
}
