import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, COMMON_CODES, conflict, notFound, ok, useEnvelopeErrors } from '../contracts/envelope.ts';
import { requireRole } from '../contracts/identity.ts';
import { pageSize } from '../contracts/schemas.ts';
import {
  addClubMember,
  CLUB_NOT_FOUND,
  type ClubContext,
  changeLeader,
  changeRecruitment,
  createClub,
  createRecruitment,
  deleteClub,
  deleteRecruitment,
  removeClubMember,
  reviseClub,
  today,
} from './commands.ts';
import { type Club, isCalendarDate, parseMemberList, type RecruitMember, type Recruitment } from './domain.ts';
import { imageTypeOf, logoKey, type StoredFile } from './files.ts';
import {
  clubListQuery,
  clubParams,
  clubRevisionForm,
  clubUuidsQuery,
  floorParams,
  LOGO_MAX_BYTES,
  leaderParams,
  logoQuery,
  memberParams,
  newClubForm,
  newLeaderBody,
  newRecruitmentBody,
  recruitmentParams,
  recruitmentRevisionBody,
  studentBody,
} from './schemas.ts';
import { clubs, recruitments } from './store.ts';

type Upload = { filename: string; bytes: Buffer };
type NewClubForm = {
  name: string;
  leader_uuid: string;
  member_uuids: string;
  field: string;
  location: string;
  floor: string;
  logo: unknown;
};
type ListQuery = { start: number; count: number; field?: string; name?: string };
type UuidsQuery = { club_uuids?: string[]; ClubUUIDs?: string[] };
type RecruitmentBody = { recruit_concept?: string; end_period?: string; members?: RecruitMember[] };

const STUDENT_OR_ADMIN = ['student', 'admin'] as const;
/** The seed's -1711: whoever is neither student nor admin can never manage a club. */
const NOT_STUDENT_OR_ADMIN = -1711;

export async function clubRoutes(app: FastifyInstance, ctx: ClubContext) {
  useEnvelopeErrors(app);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 20 },
    // The file arrives as an object the body schema can require; the handler checks it is an image.
    async onFile(part: MultipartFile & { value?: unknown }) {
      part.value = { filename: part.filename, bytes: await part.toBuffer() } satisfies Upload;
    },
  });
  const manager = (request: FastifyRequest) => requireRole(request, STUDENT_OR_ADMIN, NOT_STUDENT_OR_ADMIN);

  app.post<{ Body: NewClubForm }>('/v1/clubs', { schema: { body: newClubForm } }, async (request, reply) => {
    const caller = requireRole(request, ['admin']);
    const { name, field, location, floor, leader_uuid, member_uuids, logo } = request.body;
    const club = await createClub(ctx)(
      caller,
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
    return reply.code(201).send(ok(201, `club ${club.name} created`, { club_uuid: club.clubUuid }));
  });

  app.get<{ Querystring: ListQuery }>(
    '/v1/clubs/sorted-by/update-time',
    { schema: { querystring: clubListQuery } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const { start, count, field, name } = request.query;
      const found = await clubs(ctx.store.db).list({ start, count: pageSize(count), ...optional({ field, name }) });
      return ok(200, `${found.length} clubs, most recently updated first`, {
        clubs: found.map((c) => clubJson(c, true)),
      });
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/v1/recruitments/sorted-by/create-time',
    { schema: { querystring: clubListQuery } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const { start, count, field, name } = request.query;
      const found = await recruitments(ctx.store.db).listCurrent({
        start,
        count: pageSize(count),
        today: today(ctx),
        ...optional({ field, name }),
      });
      return ok(200, `${found.length} recruitments in progress, newest first`, {
        recruitments: found.map(recruitmentJson),
      });
    },
  );

  app.get<{ Params: { club_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid',
    { schema: { params: clubParams } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const club = await clubs(ctx.store.db).find(request.params.club_uuid);
      if (!club) throw notFound(`club ${request.params.club_uuid} does not exist`);
      return ok(200, `club ${club.name}`, clubJson(club, false));
    },
  );

  app.get<{ Querystring: UuidsQuery }>('/v1/clubs', { schema: { querystring: clubUuidsQuery } }, async (request) => {
    requireRole(request, ['student', 'teacher', 'admin']);
    const found = await clubs(ctx.store.db).findAll(clubUuidsOf(request.query));
    if (!found) throw notFound('club_uuids names a club that does not exist');
    return ok(200, `${found.length} clubs`, { clubs: found.map((c) => clubJson(c, true)) });
  });

  app.get<{ Params: { recruitment_uuid: string } }>(
    '/v1/recruitments/uuid/:recruitment_uuid',
    { schema: { params: recruitmentParams } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const found = await recruitments(ctx.store.db).find(request.params.recruitment_uuid);
      if (!found) throw notFound(`recruitment ${request.params.recruitment_uuid} does not exist`);
      return ok(200, 'the recruitment', recruitmentJson(found));
    },
  );

  app.get<{ Params: { club_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid/recruitment-uuid',
    { schema: { params: clubParams } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const { club_uuid } = request.params;
      if (!(await clubs(ctx.store.db).find(club_uuid))) throw notFound(`club ${club_uuid} does not exist`);
      const current = await recruitments(ctx.store.db).currentOf(club_uuid, today(ctx));
      if (!current) throw conflict(-1601, `club ${club_uuid} has no recruitment in progress`);
      return ok(200, 'the recruitment in progress', { recruitment_uuid: current.recruitmentUuid });
    },
  );

  app.get<{ Querystring: UuidsQuery }>(
    '/v1/recruitment-uuids',
    { schema: { querystring: clubUuidsQuery } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const uuids = clubUuidsOf(request.query);
      if (!(await clubs(ctx.store.db).findAll(uuids))) throw notFound('club_uuids names a club that does not exist');
      const found = await recruitments(ctx.store.db).currentUuidsOf(uuids, today(ctx));
      return ok(200, `${found.length} recruitments in progress`, { uuids: found });
    },
  );

  app.get('/v1/clubs/property/fields', async (request) => {
    requireRole(request, STUDENT_OR_ADMIN);
    return ok(200, 'the fields clubs work in', { fields: await clubs(ctx.store.db).fields() });
  });

  app.get('/v1/clubs/count', async (request) => {
    requireRole(request, STUDENT_OR_ADMIN);
    return ok(200, 'how many clubs there are', { count: await clubs(ctx.store.db).count() });
  });

  app.get('/v1/recruitments/count', async (request) => {
    requireRole(request, STUDENT_OR_ADMIN);
    return ok(200, 'how many recruitments are in progress', {
      count: await recruitments(ctx.store.db).countCurrent(today(ctx)),
    });
  });

  app.get<{ Params: { leader_uuid: string } }>(
    '/v1/leaders/uuid/:leader_uuid/club-uuid',
    { schema: { params: leaderParams } },
    async (request) => {
      requireRole(request, STUDENT_OR_ADMIN);
      const clubUuid = await clubs(ctx.store.db).ledBy(request.params.leader_uuid);
      if (!clubUuid) throw conflict(-1611, `${request.params.leader_uuid} leads no club`);
      return ok(200, 'the club this student leads', { club_uuid: clubUuid });
    },
  );

  // For outing's teacher filter by floor (contracts/clubs.ts): service to service, not on the gateway.
  app.get<{ Params: { floor: number } }>(
    '/v1/clubs/floors/:floor/member-uuids',
    { schema: { params: floorParams } },
    async (request) => {
      requireRole(request, ['teacher', 'admin']);
      const { floor } = request.params;
      return ok(200, `members of the clubs on floor ${floor}`, {
        student_uuids: await clubs(ctx.store.db).membersOnFloor(floor),
      });
    },
  );

  app.delete<{ Params: { club_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid',
    { schema: { params: clubParams } },
    async (request) => {
      await deleteClub(ctx)(manager(request), request.params.club_uuid);
      return ok(200, `club ${request.params.club_uuid} deleted`);
    },
  );

  app.post<{ Params: { club_uuid: string }; Body: { student_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid/members',
    { schema: { params: clubParams, body: studentBody } },
    async (request, reply) => {
      await addClubMember(ctx)(manager(request), request.params.club_uuid, request.body.student_uuid);
      return reply.code(201).send(ok(201, `${request.body.student_uuid} joined the club`));
    },
  );

  app.delete<{ Params: { club_uuid: string; student_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid/members/:student_uuid',
    { schema: { params: memberParams } },
    async (request) => {
      const { club_uuid, student_uuid } = request.params;
      await removeClubMember(ctx)(manager(request), club_uuid, student_uuid);
      return ok(200, `${student_uuid} left the club`);
    },
  );

  app.put<{ Params: { club_uuid: string }; Body: { new_leader_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid/leader',
    { schema: { params: clubParams, body: newLeaderBody } },
    async (request) => {
      const { new_leader_uuid } = request.body;
      await changeLeader(ctx)(manager(request), request.params.club_uuid, new_leader_uuid);
      return ok(200, `${new_leader_uuid} leads the club now`);
    },
  );

  app.patch<{ Params: { club_uuid: string }; Body: Record<string, unknown> }>(
    '/v1/clubs/uuid/:club_uuid',
    { schema: { params: clubParams, body: clubRevisionForm } },
    async (request) => {
      const body = (request.body ?? {}) as { club_concept?: string; introduction?: string; link?: string };
      const logo = request.body?.logo === undefined ? undefined : logoOf(request.body.logo, 'logo');
      await reviseClub(ctx)(manager(request), request.params.club_uuid, {
        ...optional({ clubConcept: body.club_concept, introduction: body.introduction, link: body.link }),
        ...(logo ? { logo } : {}),
      });
      return ok(200, 'club updated');
    },
  );

  app.post<{ Body: RecruitmentBody & { club_uuid: string; recruit_concept: string; members: RecruitMember[] } }>(
    '/v1/recruitments',
    { schema: { body: newRecruitmentBody } },
    async (request, reply) => {
      const { club_uuid, recruit_concept, members } = request.body;
      const recruitment = await createRecruitment(ctx)(manager(request), club_uuid, {
        recruitConcept: recruit_concept,
        endPeriod: endPeriodOf(request.body.end_period) ?? null,
        members,
      });
      return reply.code(201).send(ok(201, 'recruitment opened', { recruitment_uuid: recruitment.recruitmentUuid }));
    },
  );

  app.patch<{ Params: { recruitment_uuid: string }; Body: RecruitmentBody }>(
    '/v1/recruitments/uuid/:recruitment_uuid',
    { schema: { params: recruitmentParams, body: recruitmentRevisionBody } },
    async (request) => {
      const body = request.body ?? {};
      await changeRecruitment(ctx)(manager(request), request.params.recruitment_uuid, {
        ...optional({ recruitConcept: body.recruit_concept, endPeriod: endPeriodOf(body.end_period) }),
        ...(body.members ? { members: body.members } : {}),
      });
      return ok(200, 'recruitment updated');
    },
  );

  app.delete<{ Params: { recruitment_uuid: string } }>(
    '/v1/recruitments/uuid/:recruitment_uuid',
    { schema: { params: recruitmentParams } },
    async (request) => {
      await deleteRecruitment(ctx)(manager(request), request.params.recruitment_uuid);
      return ok(200, 'recruitment closed');
    },
  );

  // The logo, for an <img> tag: public like the seed's public-read S3 object, and only ever an image.
  app.get<{ Params: { club_uuid: string } }>(
    '/v1/clubs/uuid/:club_uuid/logo',
    { schema: { params: clubParams, querystring: logoQuery } },
    async (request, reply) => {
      const { club_uuid } = request.params;
      const club = await clubs(ctx.store.db).find(club_uuid);
      const file = club ? await ctx.files(ctx.store.db).get(logoKey(club_uuid)) : undefined;
      if (!club || !file) throw notFound(`club ${club_uuid} has no logo`, club ? 0 : CLUB_NOT_FOUND);
      const etag = `"${club_uuid}-${club.logoVersion}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=60')
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(file.contentType).send(Buffer.from(file.bytes));
    },
  );
}

function clubJson(club: Club, withFloor: boolean) {
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

function recruitmentJson(recruitment: Recruitment) {
  return {
    recruitment_uuid: recruitment.recruitmentUuid,
    club_uuid: recruitment.clubUuid,
    recruit_concept: recruitment.recruitConcept,
    recruit_members: recruitment.members.map(({ grade, field, number }) => ({ grade, field, number })),
    start_period: recruitment.startPeriod,
    end_period: recruitment.endPeriod ?? '',
  };
}

function logoOf(value: unknown, field: string): StoredFile {
  const upload = value as Partial<Upload> | undefined;
  if (!upload || !Buffer.isBuffer(upload.bytes)) {
    throw badRequest(`${field} must be an image file sent as multipart/form-data`, COMMON_CODES.validationFailed);
  }
  if (upload.bytes.length === 0) throw badRequest(`${field} is an empty file`, COMMON_CODES.validationFailed);
  const contentType = imageTypeOf(upload.bytes);
  if (!contentType) {
    throw badRequest(`${field} must be a PNG, JPEG, GIF or WebP image`, COMMON_CODES.validationFailed);
  }
  return { contentType, bytes: upload.bytes };
}

function endPeriodOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!isCalendarDate(value)) {
    throw badRequest(`end_period ${value} is not a calendar day (YYYY-MM-DD)`, COMMON_CODES.validationFailed);
  }
  return value;
}

function clubUuidsOf(query: UuidsQuery): string[] {
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
function optional<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as {
    [K in keyof T]?: string;
  };
}
