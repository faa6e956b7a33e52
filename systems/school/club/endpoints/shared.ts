import type { Identity } from '@mosaic/kit/auth';
import { endpointsOf } from '@mosaic/kit/service';
import type { Role } from '../../contracts/accounts.ts';
import { badRequest, COMMON_CODES } from '../../contracts/envelope.ts';
import { requireRole } from '../../contracts/identity.ts';
import type { ClubServiceContext } from '../context.ts';
import { type Club, isCalendarDate, type Recruitment } from '../domain.ts';

/**
 * What the club's endpoint files share. Club answers are not cached (the seed did not cache them). Endpoints
 * a leader manages let any signed-in caller through the gateway: the service answers the seed's 403 -1711 to
 * a teacher or parent, and 403 -1712 to a student who does not lead that club, which only it can know.
 */
export const endpoint = endpointsOf<ClubServiceContext>();

/** The seed's reads answer a teacher or parent 403 with code 0: the gateway's role check says the same. */
export const STUDENT_OR_ADMIN: readonly Role[] = ['student', 'admin'];
/** The seed's -1711: whoever is neither student nor admin can never manage a club. */
const NOT_STUDENT_OR_ADMIN = -1711;

/** Who may try to manage a club; whether they lead this one is the use case's to say. */
export const manager = (caller: Identity | undefined) => requireRole(caller, STUDENT_OR_ADMIN, NOT_STUDENT_OR_ADMIN);

export function clubJson(club: Club, withFloor: boolean) {
  return {
    club_uuid: club.clubUuid,
    leader_uuid: club.leaderUuid,
    member_uuids: club.memberUuids,
    name: club.name,
    location: club.location,
    field: club.field,
    link: club.link,
    introduction: club.introduction,
    club_concept: club.clubConcept,
    logo_uri: logoUri(club),
    ...(withFloor ? { floor: club.floor } : {}),
  };
}

/** Where the logo is served through the gateway; the version makes a new image a new URL. */
export const logoUri = (club: Pick<Club, 'clubUuid' | 'logoVersion'>) =>
  `/v1/clubs/uuid/${club.clubUuid}/logo?v=${club.logoVersion}`;

export function recruitmentJson(recruitment: Recruitment) {
  return {
    recruitment_uuid: recruitment.recruitmentUuid,
    club_uuid: recruitment.clubUuid,
    recruit_concept: recruitment.recruitConcept,
    recruit_members: recruitment.members.map(({ grade, field, number }) => ({ grade, field, number })),
    start_period: recruitment.startPeriod,
    end_period: recruitment.endPeriod ?? '',
  };
}

export function endPeriodOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!isCalendarDate(value)) {
    throw badRequest(`end_period ${value} is not a calendar day (YYYY-MM-DD)`, COMMON_CODES.validationFailed);
  }
  return value;
}

/** The club uuids a query names, under either key, repeated or comma-separated; 400 -203 when none. */
export function clubUuidsOf(query: { club_uuids?: string[]; ClubUUIDs?: string[] }): string[] {
  const uuids = [...(query.club_uuids ?? []), ...(query.ClubUUIDs ?? [])].flatMap((v) =>
    v
      .split(',')
      .map((uuid) => uuid.trim())
      .filter(Boolean),
  );
  if (uuids.length === 0) {
    throw badRequest('club_uuids is required: repeat it for each club (?club_uuids=…&club_uuids=…)', -203);
  }
  return [...new Set(uuids)];
}

/** Drops the keys whose value is undefined or empty, so "absent" and "empty" both mean "unchanged". */
export function optional<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as {
    [K in keyof T]?: string;
  };
}
