/**
 * What other services read from club. Outing's teacher filter by floor (spec §2.2) needs the students who
 * are members of clubs on a floor.
 *
 * REQUEST to the club service (not in the seed's gateway, so service-to-service only; outing calls it with
 * the teacher's identity headers): `GET /v1/clubs/floors/:floor/member-uuids`, roles teacher and admin,
 * answering 200 `{status, code, message, student_uuids: string[]}` (members of every club on that floor,
 * leaders included, soft-deleted clubs excluded; an empty array when none).
 */
export const clubFloorMembersPath = (floor: number) => `/v1/clubs/floors/${floor}/member-uuids`;

export interface ClubFloorMembers {
  student_uuids: string[];
}
