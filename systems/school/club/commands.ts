import type { Decision } from '@mosaic/kit/domain';
import type { ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { isUuidOf } from '../contracts/accounts.ts';
import { epochSec, kstDate } from '../contracts/clock.ts';
import { conflict, fail, forbidden, notFound, type SchoolStatus } from '../contracts/envelope.ts';
import type { Caller } from '../contracts/identity.ts';
import { studentsExist } from './clients.ts';
import {
  addMember,
  type Club,
  type ClubRefusal,
  closeRecruitment,
  dissolve,
  foundClub,
  handOver,
  type NewClub,
  type NewRecruitment,
  openRecruitment,
  type RecruitmentPatch,
  removeMember,
  reviseProfile,
  reviseRecruitment,
} from './domain.ts';
import { type FileStore, logoKey, type StoredFile } from './files.ts';
import { clubs } from './store/clubs.ts';
import { recruitments } from './store/recruitments.ts';
import type { ClubTables } from './store/tables.ts';
import { newClubUuid, newRecruitmentUuid } from './store/uuids.ts';

export type ClubContext = ServiceContext<ClubTables, 'auth'> & {
  /** The logo store, over the handle given (a transaction's, so a logo and its club commit together). */
  readonly files: (db: Kysely<ClubTables>) => FileStore;
};

/** The seed's status and code for each refusal (spec §1.2; -1803 is ours: the seed let a leader be removed). */
const REFUSALS: Readonly<Record<ClubRefusal, readonly [status: SchoolStatus, code: number]>> = {
  'leader-not-member': [409, -1501],
  'member-duplicate': [409, -1506],
  'already-member': [409, -1701],
  'not-member': [404, -1723],
  'leader-cannot-leave': [409, -1803],
  'already-leader': [409, -1801],
  'leads-another-club': [409, -1802],
  'recruitment-in-progress': [409, -2001],
  'club-recruiting': [409, -1901],
  'recruitment-not-current': [404, -1724],
  'end-period-past': [409, -2002],
  'no-recruit-members': [400, -203],
};

export const CLUB_NOT_FOUND = -1721;
const NOT_LEADER = -1712;
const MEMBER_UNKNOWN = -1502;
const LEADER_TAKEN = -1503;
const NAME_TAKEN = -1504;
const LOCATION_TAKEN = -1505;
const STUDENT_UNKNOWN = -1722;
const NO_CURRENT_RECRUITMENT = -1724;

function decided<S>(decision: Decision<S, never>): S {
  if (decision.ok) return decision.state;
  const [status, code] = REFUSALS[decision.reason as ClubRefusal];
  throw fail(status, code, decision.message);
}

const now = (ctx: ClubContext) => ctx.clock().toISOString();
/** Today in Korea, `YYYY-MM-DD`: recruitment periods are school days. */
export const today = (ctx: Pick<ClubContext, 'clock'>) => kstDate(epochSec(ctx.clock()));

/** The club a caller may manage: 404 -1721 when it does not exist, 403 -1712 unless admin or its leader. */
async function managedClub(tx: Tx<ClubTables>, caller: Caller, clubUuid: string): Promise<Club> {
  const club = await clubs(tx.db).find(clubUuid, true);
  if (!club) throw notFound(`club ${clubUuid} does not exist`, CLUB_NOT_FOUND);
  if (caller.role !== 'admin' && caller.uuid !== club.leaderUuid) {
    throw forbidden(`only ${club.name}'s leader or an admin may change it`, NOT_LEADER);
  }
  return club;
}

export const createClub = (ctx: ClubContext) => async (caller: Caller, input: NewClub, logo: StoredFile) => {
  const club = decided(foundClub(input));
  const malformed = club.memberUuids.find((uuid) => !isUuidOf('student', uuid));
  if (malformed) throw conflict(MEMBER_UNKNOWN, `member ${malformed} is not a student uuid (student-<12 digits>)`);
  if (!(await studentsExist(ctx.clients.auth, caller, club.memberUuids))) {
    throw conflict(MEMBER_UNKNOWN, 'member_uuids names a student that does not exist; check every uuid');
  }
  const clubUuid = newClubUuid();
  const at = now(ctx);
  const founded: Club = {
    ...club,
    clubUuid,
    clubConcept: '',
    introduction: '',
    link: '',
    logoVersion: 1,
    updatedAt: at,
  };
  const taken = async (db: Kysely<ClubTables>) => {
    if (await clubs(db).ledBy(club.leaderUuid)) {
      return conflict(LEADER_TAKEN, `${club.leaderUuid} already leads a club; a student leads one club`);
    }
    const clash = await clubs(db).clash(club.name, club.location);
    if (clash === 'name') return conflict(NAME_TAKEN, `a club named ${club.name} already exists`);
    if (clash === 'location') return conflict(LOCATION_TAKEN, `another club already meets at ${club.location}`);
    return undefined;
  };
  try {
    await ctx.store.transaction(async (tx) => {
      const refusal = await taken(tx.db);
      if (refusal) throw refusal;
      await clubs(tx.db).add(founded, at);
      await ctx.files(tx.db).put(logoKey(clubUuid), logo);
    });
  } catch (error) {
    // Two admins creating clubs with the same name at once: the unique index decides, we say which rule.
    if (!isUniqueViolation(error)) throw error;
    throw (await taken(ctx.store.db)) ?? conflict(0, 'a club like this was created at the same moment; try again');
  }
  return founded;
};

export const addClubMember = (ctx: ClubContext) => async (caller: Caller, clubUuid: string, studentUuid: string) => {
  // Read first without a lock: auth is asked outside the transaction, so no row stays locked while it answers.
  const club = await ctx.store.transaction((tx) => managedClub(tx, caller, clubUuid));
  decided(addMember(club, studentUuid));
  if (!(await studentsExist(ctx.clients.auth, caller, [studentUuid]))) {
    throw notFound(`student ${studentUuid} does not exist`, STUDENT_UNKNOWN);
  }
  return ctx.store.transaction(async (tx) => {
    const locked = await managedClub(tx, caller, clubUuid);
    return clubs(tx.db).save(decided(addMember(locked, studentUuid)), now(ctx));
  });
};

export const removeClubMember = (ctx: ClubContext) => (caller: Caller, clubUuid: string, studentUuid: string) =>
  ctx.store.transaction(async (tx) => {
    const club = await managedClub(tx, caller, clubUuid);
    return clubs(tx.db).save(decided(removeMember(club, studentUuid)), now(ctx));
  });

export const changeLeader = (ctx: ClubContext) => async (caller: Caller, clubUuid: string, newLeaderUuid: string) => {
  try {
    return await ctx.store.transaction(async (tx) => {
      const club = await managedClub(tx, caller, clubUuid);
      const ledClub = await clubs(tx.db).ledBy(newLeaderUuid);
      const leadsAnother = ledClub !== undefined && ledClub !== club.clubUuid;
      return clubs(tx.db).save(decided(handOver(club, newLeaderUuid, leadsAnother)), now(ctx));
    });
  } catch (error) {
    // The same student made leader of two clubs at once: the unique index lets one through.
    if (!isUniqueViolation(error)) throw error;
    throw conflict(-1802, `${newLeaderUuid} became the leader of another club meanwhile; a student leads one club`);
  }
};

export interface ClubRevision {
  clubConcept?: string;
  introduction?: string;
  link?: string;
  logo?: StoredFile;
}

export const reviseClub = (ctx: ClubContext) => (caller: Caller, clubUuid: string, revision: ClubRevision) =>
  ctx.store.transaction(async (tx) => {
    const club = await managedClub(tx, caller, clubUuid);
    if (revision.logo) await ctx.files(tx.db).put(logoKey(clubUuid), revision.logo);
    const logoVersion = revision.logo ? club.logoVersion + 1 : club.logoVersion;
    return clubs(tx.db).save({ ...reviseProfile(club, revision), logoVersion }, now(ctx));
  });

export const deleteClub = (ctx: ClubContext) => (caller: Caller, clubUuid: string) =>
  ctx.store.transaction(async (tx) => {
    const club = await managedClub(tx, caller, clubUuid);
    decided(dissolve(club, await recruitments(tx.db).currentOf(clubUuid, today(ctx))));
    await clubs(tx.db).softDelete(clubUuid, now(ctx));
  });

export const createRecruitment = (ctx: ClubContext) => (caller: Caller, clubUuid: string, input: NewRecruitment) =>
  ctx.store.transaction(async (tx) => {
    // The club's row lock serializes two openings at once: one current recruitment per club.
    const club = await managedClub(tx, caller, clubUuid);
    const day = today(ctx);
    const current = await recruitments(tx.db).currentOf(clubUuid, day);
    const opened = decided(openRecruitment(club, current, input, day));
    const recruitment = { ...opened, recruitmentUuid: newRecruitmentUuid(), createdAt: now(ctx) };
    await recruitments(tx.db).add(recruitment);
    return recruitment;
  });

/** The recruitment a caller may manage: 404 -1724 when unknown, then the club's leader/admin check. */
async function managedRecruitment(tx: Tx<ClubTables>, caller: Caller, recruitmentUuid: string) {
  const recruitment = await recruitments(tx.db).find(recruitmentUuid);
  if (!recruitment) {
    throw notFound(`recruitment ${recruitmentUuid} does not exist or is over`, NO_CURRENT_RECRUITMENT);
  }
  await managedClub(tx, caller, recruitment.clubUuid);
  return recruitment;
}

export const changeRecruitment =
  (ctx: ClubContext) => (caller: Caller, recruitmentUuid: string, patch: RecruitmentPatch) =>
    ctx.store.transaction(async (tx) => {
      const recruitment = await managedRecruitment(tx, caller, recruitmentUuid);
      const revised = decided(reviseRecruitment(recruitment, patch, today(ctx)));
      await recruitments(tx.db).save(revised);
      return revised;
    });

export const deleteRecruitment = (ctx: ClubContext) => (caller: Caller, recruitmentUuid: string) =>
  ctx.store.transaction(async (tx) => {
    const recruitment = await managedRecruitment(tx, caller, recruitmentUuid);
    decided(closeRecruitment(recruitment, today(ctx)));
    await recruitments(tx.db).softDelete(recruitmentUuid, now(ctx));
  });
