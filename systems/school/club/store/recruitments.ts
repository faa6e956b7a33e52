import type { Kysely } from 'kysely';
import type { RecruitMember, Recruitment } from '../domain.ts';
import type { ClubFilter } from './clubs.ts';
import { containing } from './like.ts';
import type { ClubTables } from './tables.ts';

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
