import type { GatewayRoute } from '@mosaic/kit/gateway';
import {
  clubListQuery,
  clubParams,
  clubUuidsQuery,
  FORM_MAX_BYTES,
  leaderParams,
  logoQuery,
  memberParams,
  newLeaderBody,
  newRecruitmentBody,
  recruitmentParams,
  recruitmentRevisionBody,
  studentBody,
} from './schemas.ts';

const service = 'club';
/** The seed's reads answer a teacher or parent 403 with code 0: the gateway's role check says the same. */
const STUDENT_OR_ADMIN = ['student', 'admin'];

/**
 * The club service's gateway routes (spec §1.2). Club answers are not cached (the seed did not cache them).
 * Routes a leader manages let any signed-in caller through: the service answers the seed's 403 -1711 to a
 * teacher or parent, and 403 -1712 to a student who does not lead that club, which only it can know.
 * Multipart forms are read by the service alone; the gateway checks their path.
 */
export const clubRoutes: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/v1/clubs',
    service,
    auth: ['admin'],
    // The seed gave club creation 7 s: it waits for auth to confirm every member.
    timeoutMs: 7_000,
    bodyLimitBytes: FORM_MAX_BYTES,
    summary: 'Create a club (multipart: name, leader_uuid, member_uuids "a|b", field, location, floor, logo)',
  },
  {
    method: 'GET',
    path: '/v1/clubs/sorted-by/update-time',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { querystring: clubListQuery },
    summary: 'Clubs, most recently updated first',
  },
  {
    method: 'GET',
    path: '/v1/recruitments/sorted-by/create-time',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { querystring: clubListQuery },
    summary: 'Recruitments in progress, newest first',
  },
  {
    method: 'GET',
    path: '/v1/clubs/uuid/:club_uuid',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { params: clubParams },
    summary: 'One club',
  },
  {
    method: 'GET',
    path: '/v1/clubs',
    service,
    auth: ['student', 'teacher', 'admin'],
    schema: { querystring: clubUuidsQuery },
    summary: 'Several clubs by uuid (?club_uuids=…&club_uuids=…)',
  },
  {
    method: 'GET',
    path: '/v1/recruitments/uuid/:recruitment_uuid',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { params: recruitmentParams },
    summary: 'One recruitment, current or past',
  },
  {
    method: 'GET',
    path: '/v1/clubs/uuid/:club_uuid/recruitment-uuid',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { params: clubParams },
    summary: "A club's recruitment in progress",
  },
  {
    method: 'GET',
    path: '/v1/recruitment-uuids',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { querystring: clubUuidsQuery },
    summary: 'The recruitments in progress of several clubs',
  },
  { method: 'GET', path: '/v1/clubs/property/fields', service, auth: STUDENT_OR_ADMIN, summary: 'Club fields' },
  { method: 'GET', path: '/v1/clubs/count', service, auth: STUDENT_OR_ADMIN, summary: 'How many clubs' },
  {
    method: 'GET',
    path: '/v1/recruitments/count',
    service,
    auth: STUDENT_OR_ADMIN,
    summary: 'How many recruitments are in progress',
  },
  {
    method: 'GET',
    path: '/v1/leaders/uuid/:leader_uuid/club-uuid',
    service,
    auth: STUDENT_OR_ADMIN,
    schema: { params: leaderParams },
    summary: 'The club a student leads',
  },
  {
    method: 'DELETE',
    path: '/v1/clubs/uuid/:club_uuid',
    service,
    schema: { params: clubParams },
    summary: 'Delete a club (leader or admin; not while recruiting)',
  },
  {
    method: 'POST',
    path: '/v1/clubs/uuid/:club_uuid/members',
    service,
    schema: { params: clubParams, body: studentBody },
    summary: 'Add a member (leader or admin)',
  },
  {
    method: 'DELETE',
    path: '/v1/clubs/uuid/:club_uuid/members/:student_uuid',
    service,
    schema: { params: memberParams },
    summary: 'Remove a member (leader or admin; never the leader)',
  },
  {
    method: 'PUT',
    path: '/v1/clubs/uuid/:club_uuid/leader',
    service,
    schema: { params: clubParams, body: newLeaderBody },
    summary: 'Hand the club to another member (leader or admin)',
  },
  {
    method: 'PATCH',
    path: '/v1/clubs/uuid/:club_uuid',
    service,
    schema: { params: clubParams },
    // The seed gave this 6 s: it may carry a new logo.
    timeoutMs: 6_000,
    bodyLimitBytes: FORM_MAX_BYTES,
    summary: 'Change concept, introduction, link or logo (multipart; leader or admin)',
  },
  {
    method: 'GET',
    path: '/v1/clubs/uuid/:club_uuid/logo',
    service,
    auth: 'public',
    schema: { params: clubParams, querystring: logoQuery },
    summary: "A club's logo image (public, like the seed's public-read S3 object)",
  },
  {
    method: 'POST',
    path: '/v1/recruitments',
    service,
    schema: { body: newRecruitmentBody },
    summary: 'Open a recruitment (leader or admin; one in progress per club)',
  },
  {
    method: 'PATCH',
    path: '/v1/recruitments/uuid/:recruitment_uuid',
    service,
    schema: { params: recruitmentParams, body: recruitmentRevisionBody },
    summary: 'Change a recruitment in progress (leader or admin)',
  },
  {
    method: 'DELETE',
    path: '/v1/recruitments/uuid/:recruitment_uuid',
    service,
    schema: { params: recruitmentParams },
    summary: 'Close a recruitment in progress (leader or admin)',
  },
];
