import { answer, created, fileAnswer } from '@mosaic/kit/service';
import { conflict, notFound, ok } from '../../contracts/envelope.ts';
import { requireRole } from '../../contracts/identity.ts';
import { pageSize } from '../../contracts/schemas.ts';
import { CLUB_NOT_FOUND, createClub, deleteClub, reviseClub } from '../commands.ts';
import { clubContext } from '../context.ts';
import { parseMemberList } from '../domain.ts';
import { logoKey } from '../files.ts';
import { logoOf, readForm } from '../form.ts';
import {
  ClubListQuery,
  ClubParams,
  ClubRevisionForm,
  ClubUuidsQuery,
  FloorParams,
  FORM_MAX_BYTES,
  LeaderParams,
  LOGO_MAX_BYTES,
  LogoQuery,
  NewClubForm,
} from '../schemas.ts';
import { clubs } from '../store/clubs.ts';
import { clubJson, clubUuidsOf, endpoint, manager, optional, STUDENT_OR_ADMIN } from './shared.ts';

/** The club's forms: one logo at most, read by the service alone (the gateway checks only their size). */
const upload = { maxBytes: LOGO_MAX_BYTES, files: 1 };

export const createClubEndpoint = endpoint({
  method: 'POST',
  path: '/v1/clubs',
  upload,
  summary: 'Create a club (multipart: name, leader_uuid, member_uuids "a|b", field, location, floor, logo)',
  // The seed gave club creation 7 s: it waits for auth to confirm every member.
  gateway: { auth: ['admin'], timeoutMs: 7_000, bodyLimitBytes: FORM_MAX_BYTES },
  handle: async (ctx, { http, caller }) => {
    const { name, field, location, floor, leader_uuid, member_uuids, logo } = await readForm(http, NewClubForm);
    const admin = requireRole(caller, ['admin']);
    const club = await createClub(clubContext(ctx))(
      admin,
      {
        name,
        field,
        location,
        floor: Number(floor),
        leaderUuid: leader_uuid,
        memberUuids: parseMemberList(member_uuids),
      },
      logoOf(logo, 'logo'),
    );
    return created(ok(201, `club ${club.name} created`, { club_uuid: club.clubUuid }));
  },
});

export const clubsByUpdate = endpoint({
  method: 'GET',
  path: '/v1/clubs/sorted-by/update-time',
  query: ClubListQuery,
  summary: 'Clubs, most recently updated first',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const { start, count, field, name } = query;
    const found = await clubs(ctx.store.db).list({ start, count: pageSize(count), ...optional({ field, name }) });
    return ok(200, `${found.length} clubs, most recently updated first`, {
      clubs: found.map((c) => clubJson(c, true)),
    });
  },
});

export const getClub = endpoint({
  method: 'GET',
  path: '/v1/clubs/uuid/:club_uuid',
  params: ClubParams,
  summary: 'One club',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const club = await clubs(ctx.store.db).find(params.club_uuid);
    if (!club) throw notFound(`club ${params.club_uuid} does not exist`);
    return ok(200, `club ${club.name}`, clubJson(club, false));
  },
});

export const getClubs = endpoint({
  method: 'GET',
  path: '/v1/clubs',
  query: ClubUuidsQuery,
  summary: 'Several clubs by uuid (?club_uuids=…&club_uuids=…)',
  gateway: { auth: ['student', 'teacher', 'admin'] },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, ['student', 'teacher', 'admin']);
    const found = await clubs(ctx.store.db).findAll(clubUuidsOf(query));
    if (!found) throw notFound('club_uuids names a club that does not exist');
    return ok(200, `${found.length} clubs`, { clubs: found.map((c) => clubJson(c, true)) });
  },
});

export const clubFields = endpoint({
  method: 'GET',
  path: '/v1/clubs/property/fields',
  summary: 'Club fields',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    return ok(200, 'the fields clubs work in', { fields: await clubs(ctx.store.db).fields() });
  },
});

export const clubCount = endpoint({
  method: 'GET',
  path: '/v1/clubs/count',
  summary: 'How many clubs',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    return ok(200, 'how many clubs there are', { count: await clubs(ctx.store.db).count() });
  },
});

export const ledClub = endpoint({
  method: 'GET',
  path: '/v1/leaders/uuid/:leader_uuid/club-uuid',
  params: LeaderParams,
  summary: 'The club a student leads',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const clubUuid = await clubs(ctx.store.db).ledBy(params.leader_uuid);
    if (!clubUuid) throw conflict(-1611, `${params.leader_uuid} leads no club`);
    return ok(200, 'the club this student leads', { club_uuid: clubUuid });
  },
});

/** For outing's teacher filter by floor (contracts/clubs.ts): service to service, not on the gateway. */
export const floorMembers = endpoint({
  method: 'GET',
  path: '/v1/clubs/floors/:floor/member-uuids',
  params: FloorParams,
  summary: 'Students in the clubs on one floor (for outing)',
  gateway: 'internal',
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, ['teacher', 'admin']);
    const { floor } = params;
    return ok(200, `members of the clubs on floor ${floor}`, {
      student_uuids: await clubs(ctx.store.db).membersOnFloor(floor),
    });
  },
});

export const deleteClubEndpoint = endpoint({
  method: 'DELETE',
  path: '/v1/clubs/uuid/:club_uuid',
  params: ClubParams,
  summary: 'Delete a club (leader or admin; not while recruiting)',
  gateway: {},
  handle: async (ctx, { params, caller }) => {
    await deleteClub(clubContext(ctx))(manager(caller), params.club_uuid);
    return ok(200, `club ${params.club_uuid} deleted`);
  },
});

export const reviseClubEndpoint = endpoint({
  method: 'PATCH',
  path: '/v1/clubs/uuid/:club_uuid',
  params: ClubParams,
  upload,
  summary: 'Change concept, introduction, link or logo (multipart; leader or admin)',
  // The seed gave this 6 s: it may carry a new logo.
  gateway: { timeoutMs: 6_000, bodyLimitBytes: FORM_MAX_BYTES },
  handle: async (ctx, { params, http, caller }) => {
    const form = await readForm(http, ClubRevisionForm);
    const logo = form.logo === undefined ? undefined : logoOf(form.logo, 'logo');
    const { club_concept, introduction, link } = form;
    await reviseClub(clubContext(ctx))(manager(caller), params.club_uuid, {
      ...optional({ clubConcept: club_concept, introduction, link }),
      ...(logo ? { logo } : {}),
    });
    return ok(200, 'club updated');
  },
});

/** The logo, for an <img> tag: public like the seed's public-read S3 object, and only ever an image. */
export const clubLogo = endpoint({
  method: 'GET',
  path: '/v1/clubs/uuid/:club_uuid/logo',
  params: ClubParams,
  query: LogoQuery,
  summary: "A club's logo image (public, like the seed's public-read S3 object)",
  gateway: { auth: 'public' },
  handle: async (ctx, { params, headers }) => {
    const { club_uuid } = params;
    const club = await clubs(ctx.store.db).find(club_uuid);
    const file = club ? await clubContext(ctx).files(ctx.store.db).get(logoKey(club_uuid)) : undefined;
    if (!club || !file) throw notFound(`club ${club_uuid} has no logo`, club ? 0 : CLUB_NOT_FOUND);
    const etag = `"${club_uuid}-${club.logoVersion}"`;
    const caching = { etag, 'cache-control': 'public, max-age=60', 'x-content-type-options': 'nosniff' };
    if (headers['if-none-match'] === etag) return answer(304, undefined, caching);
    return fileAnswer(file.bytes, file.contentType, caching);
  },
});
