import { created } from '@mosaic/kit/service';
import { conflict, notFound, ok } from '../../contracts/envelope.ts';
import { requireRole } from '../../contracts/identity.ts';
import { pageSize } from '../../contracts/schemas.ts';
import { changeRecruitment, createRecruitment, deleteRecruitment, today } from '../commands.ts';
import { clubContext } from '../context.ts';
import {
  ClubListQuery,
  ClubParams,
  ClubUuidsQuery,
  NewRecruitmentBody,
  RecruitmentParams,
  RecruitmentRevisionBody,
} from '../schemas.ts';
import { clubs } from '../store/clubs.ts';
import { recruitments } from '../store/recruitments.ts';
import { clubUuidsOf, endPeriodOf, endpoint, manager, optional, recruitmentJson, STUDENT_OR_ADMIN } from './shared.ts';

/** Recruitments: at most one in progress per club, opened and changed by its leader or an admin. */

export const recruitmentsByCreation = endpoint({
  method: 'GET',
  path: '/v1/recruitments/sorted-by/create-time',
  query: ClubListQuery,
  summary: 'Recruitments in progress, newest first',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const { start, count, field, name } = query;
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
});

export const getRecruitment = endpoint({
  method: 'GET',
  path: '/v1/recruitments/uuid/:recruitment_uuid',
  params: RecruitmentParams,
  summary: 'One recruitment, current or past',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const found = await recruitments(ctx.store.db).find(params.recruitment_uuid);
    if (!found) throw notFound(`recruitment ${params.recruitment_uuid} does not exist`);
    return ok(200, 'the recruitment', recruitmentJson(found));
  },
});

export const currentOfClub = endpoint({
  method: 'GET',
  path: '/v1/clubs/uuid/:club_uuid/recruitment-uuid',
  params: ClubParams,
  summary: "A club's recruitment in progress",
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const { club_uuid } = params;
    if (!(await clubs(ctx.store.db).find(club_uuid))) throw notFound(`club ${club_uuid} does not exist`);
    const current = await recruitments(ctx.store.db).currentOf(club_uuid, today(ctx));
    if (!current) throw conflict(-1601, `club ${club_uuid} has no recruitment in progress`);
    return ok(200, 'the recruitment in progress', { recruitment_uuid: current.recruitmentUuid });
  },
});

export const currentOfClubs = endpoint({
  method: 'GET',
  path: '/v1/recruitment-uuids',
  query: ClubUuidsQuery,
  summary: 'The recruitments in progress of several clubs',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    const uuids = clubUuidsOf(query);
    if (!(await clubs(ctx.store.db).findAll(uuids))) throw notFound('club_uuids names a club that does not exist');
    const found = await recruitments(ctx.store.db).currentUuidsOf(uuids, today(ctx));
    return ok(200, `${found.length} recruitments in progress`, { uuids: found });
  },
});

export const recruitmentCount = endpoint({
  method: 'GET',
  path: '/v1/recruitments/count',
  summary: 'How many recruitments are in progress',
  gateway: { auth: STUDENT_OR_ADMIN },
  handle: async (ctx, { caller }) => {
    requireRole(caller, STUDENT_OR_ADMIN);
    return ok(200, 'how many recruitments are in progress', {
      count: await recruitments(ctx.store.db).countCurrent(today(ctx)),
    });
  },
});

export const openRecruitment = endpoint({
  method: 'POST',
  path: '/v1/recruitments',
  body: NewRecruitmentBody,
  summary: 'Open a recruitment (leader or admin; one in progress per club)',
  gateway: {},
  handle: async (ctx, { body, caller }) => {
    const { club_uuid, recruit_concept, members } = body;
    const recruitment = await createRecruitment(clubContext(ctx))(manager(caller), club_uuid, {
      recruitConcept: recruit_concept,
      endPeriod: endPeriodOf(body.end_period) ?? null,
      members,
    });
    return created(ok(201, 'recruitment opened', { recruitment_uuid: recruitment.recruitmentUuid }));
  },
});

export const reviseRecruitment = endpoint({
  method: 'PATCH',
  path: '/v1/recruitments/uuid/:recruitment_uuid',
  params: RecruitmentParams,
  body: RecruitmentRevisionBody,
  summary: 'Change a recruitment in progress (leader or admin)',
  gateway: {},
  handle: async (ctx, { params, body, caller }) => {
    await changeRecruitment(clubContext(ctx))(manager(caller), params.recruitment_uuid, {
      ...optional({ recruitConcept: body.recruit_concept, endPeriod: endPeriodOf(body.end_period) }),
      ...(body.members ? { members: body.members } : {}),
    });
    return ok(200, 'recruitment updated');
  },
});

export const closeRecruitment = endpoint({
  method: 'DELETE',
  path: '/v1/recruitments/uuid/:recruitment_uuid',
  params: RecruitmentParams,
  summary: 'Close a recruitment in progress (leader or admin)',
  gateway: {},
  handle: async (ctx, { params, caller }) => {
    await deleteRecruitment(clubContext(ctx))(manager(caller), params.recruitment_uuid);
    return ok(200, 'recruitment closed');
  },
});
