import type { Kysely } from 'kysely';
import type { Club } from '../domain.ts';
import { containing } from './like.ts';
import type { ClubTables } from './tables.ts';

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
