import { accept, type Decision, reject } from '@mosaic/kit/domain';

/**
 * Clubs and their recruitments (spec §1.2, §2.4). A club has one leader, who is always one of its members;
 * a student leads at most one club; a club has at most one *current* recruitment. Pure: no I/O.
 */

export interface ClubProfile {
  name: string;
  field: string;
  location: string;
  floor: number;
  clubConcept: string;
  introduction: string;
  link: string;
}

export interface Club extends ClubProfile {
  clubUuid: string;
  leaderUuid: string;
  memberUuids: readonly string[];
  /** Bumped on every new logo, so a logo URL changes when the image does. */
  logoVersion: number;
  updatedAt: string;
}

export interface NewClub {
  name: string;
  field: string;
  location: string;
  floor: number;
  leaderUuid: string;
  memberUuids: readonly string[];
}

export interface RecruitMember {
  grade: number;
  field: string;
  number: number;
}

export interface Recruitment {
  recruitmentUuid: string;
  clubUuid: string;
  recruitConcept: string;
  members: readonly RecruitMember[];
  /** `YYYY-MM-DD` (Korea time): the day it opened. */
  startPeriod: string;
  /** `YYYY-MM-DD`, or null for a recruitment open until it is closed. */
  endPeriod: string | null;
  createdAt: string;
}

/** What a refusal is about; commands.ts maps each to the seed's status and code. */
export type ClubRefusal =
  | 'leader-not-member'
  | 'member-duplicate'
  | 'already-member'
  | 'not-member'
  | 'leader-cannot-leave'
  | 'already-leader'
  | 'leads-another-club'
  | 'recruitment-in-progress'
  | 'club-recruiting'
  | 'recruitment-not-current'
  | 'end-period-past'
  | 'no-recruit-members';

type Refused = { ok: false; reason: ClubRefusal; message: string };

const refuse = (reason: ClubRefusal, message: string) => reject(reason, message) as Refused;

/** The member list the seed's form sends: `uuid|uuid|…`, blanks ignored. */
export function parseMemberList(value: string): string[] {
  return value
    .split('|')
    .map((uuid) => uuid.trim())
    .filter((uuid) => uuid !== '');
}

/** A new club's own rules; name, location and leader uniqueness across clubs are the store's to check. */
export function foundClub(input: NewClub): Decision<NewClub, never> {
  const seen = new Set<string>();
  for (const uuid of input.memberUuids) {
    if (seen.has(uuid)) return refuse('member-duplicate', `member ${uuid} is listed twice; list each member once`);
    seen.add(uuid);
  }
  if (!seen.has(input.leaderUuid)) {
    return refuse(
      'leader-not-member',
      `the leader ${input.leaderUuid} is not in member_uuids; a club's leader must be one of its members`,
    );
  }
  return accept(input);
}

export function addMember(club: Club, studentUuid: string): Decision<Club, never> {
  if (club.memberUuids.includes(studentUuid)) {
    return refuse('already-member', `${studentUuid} is already a member of ${club.name}`);
  }
  return accept({ ...club, memberUuids: [...club.memberUuids, studentUuid] });
}

/** The leader stays a member: hand the club over first, then the former leader can leave. */
export function removeMember(club: Club, studentUuid: string): Decision<Club, never> {
  if (!club.memberUuids.includes(studentUuid)) {
    return refuse('not-member', `${studentUuid} is not a member of ${club.name}`);
  }
  if (studentUuid === club.leaderUuid) {
    return refuse(
      'leader-cannot-leave',
      `${studentUuid} leads ${club.name}; hand the club to another member (PUT …/leader) before removing them`,
    );
  }
  return accept({ ...club, memberUuids: club.memberUuids.filter((uuid) => uuid !== studentUuid) });
}

/** `leadsAnotherClub`: whether the new leader already leads some other club (the store knows). */
export function handOver(club: Club, newLeaderUuid: string, leadsAnotherClub: boolean): Decision<Club, never> {
  if (newLeaderUuid === club.leaderUuid) {
    return refuse('already-leader', `${newLeaderUuid} already leads ${club.name}`);
  }
  if (!club.memberUuids.includes(newLeaderUuid)) {
    return refuse('not-member', `${newLeaderUuid} is not a member of ${club.name}; add them as a member first`);
  }
  if (leadsAnotherClub) {
    return refuse('leads-another-club', `${newLeaderUuid} already leads another club; a student leads one club`);
  }
  return accept({ ...club, leaderUuid: newLeaderUuid });
}

/** A PATCH of the club's profile: empty or absent fields leave the current value (the seed's rule). */
export function reviseProfile(
  club: Club,
  patch: Partial<Pick<ClubProfile, 'clubConcept' | 'introduction' | 'link'>>,
): Club {
  return {
    ...club,
    clubConcept: patch.clubConcept || club.clubConcept,
    introduction: patch.introduction || club.introduction,
    link: patch.link || club.link,
  };
}

/** A club can be dissolved only while it is not recruiting. */
export function dissolve(club: Club, current: Recruitment | undefined): Decision<Club, never> {
  if (current) {
    return refuse(
      'club-recruiting',
      `${club.name} is recruiting (${current.recruitmentUuid}); close the recruitment before deleting the club`,
    );
  }
  return accept(club);
}

/**
 * Current while its end day has not passed in Korea (the seed: `end_period >= now − 1 day`, with the end
 * stored as that day's midnight), or while it has no end at all.
 */
export function isCurrent(recruitment: Pick<Recruitment, 'endPeriod'>, today: string): boolean {
  return recruitment.endPeriod === null || recruitment.endPeriod >= today;
}

export interface NewRecruitment {
  recruitConcept: string;
  endPeriod: string | null;
  members: readonly RecruitMember[];
}

/** One current recruitment per club; it cannot end in the past and must ask for someone. */
export function openRecruitment(
  club: Club,
  current: Recruitment | undefined,
  input: NewRecruitment,
  today: string,
): Decision<NewRecruitment & { clubUuid: string; startPeriod: string }, never> {
  if (current) {
    return refuse(
      'recruitment-in-progress',
      `${club.name} already has a recruitment in progress (${current.recruitmentUuid}); change or close that one`,
    );
  }
  const refused = checkRecruitment(input, today);
  if (refused) return refused;
  return accept({ ...input, clubUuid: club.clubUuid, startPeriod: today });
}

export interface RecruitmentPatch {
  recruitConcept?: string;
  endPeriod?: string;
  members?: readonly RecruitMember[];
}

/**
 * Only a current recruitment can change. An empty concept or member list leaves the current one; the seed
 * validated `end_period` and then dropped it, so an end could never be moved: here it is applied.
 */
export function reviseRecruitment(
  recruitment: Recruitment,
  patch: RecruitmentPatch,
  today: string,
): Decision<Recruitment, never> {
  if (!isCurrent(recruitment, today)) {
    return refuse('recruitment-not-current', `recruitment ${recruitment.recruitmentUuid} is over and cannot change`);
  }
  const revised: Recruitment = {
    ...recruitment,
    recruitConcept: patch.recruitConcept || recruitment.recruitConcept,
    endPeriod: patch.endPeriod || recruitment.endPeriod,
    members: patch.members && patch.members.length > 0 ? patch.members : recruitment.members,
  };
  const refused = patch.endPeriod ? checkRecruitment(revised, today) : undefined;
  return refused ?? accept(revised);
}

export function closeRecruitment(recruitment: Recruitment, today: string): Decision<Recruitment, never> {
  if (!isCurrent(recruitment, today)) {
    return refuse('recruitment-not-current', `recruitment ${recruitment.recruitmentUuid} is already over`);
  }
  return accept(recruitment);
}

function checkRecruitment(input: Pick<NewRecruitment, 'endPeriod' | 'members'>, today: string): Refused | undefined {
  if (input.endPeriod !== null && input.endPeriod < today) {
    return refuse('end-period-past', `end_period ${input.endPeriod} is before today (${today}); pick a later day`);
  }
  if (input.members.length === 0) {
    return refuse('no-recruit-members', 'members is empty; say which grade and field you recruit, and how many');
  }
  return undefined;
}

/** `YYYY-MM-DD` that is a real calendar day (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
