import { created, endpointsOf } from '@mosaic/kit/service';
import { notFound, ok } from '../contracts/envelope.ts';
import { callerOf, requireRole } from '../contracts/identity.ts';
import {
  applyForOuting,
  filterOutings,
  moveEndTime,
  type OutingContext,
  outingByCode,
  outingCard,
  outingsOfStudent,
  outingView,
  parentApproval,
  readableOuting,
  takeAction,
} from './commands.ts';
import { ACTIONS, type Action, type Application, OUTING_CODES } from './domain.ts';
import {
  ActionParams,
  CodeParams,
  EndTime,
  FilterQuery,
  NewOuting,
  OutingParams,
  ParentActionQuery,
  Settings,
  StudentOutingsQuery,
  StudentParams,
} from './schemas.ts';

/**
 * Outing's endpoints with the seed's cache keys (spec §3.6), minus its bugs: reads of one outing are private
 * (the seed's shared `outings.$id` served the owner's answer to anyone), and a teacher's PATCH clears the
 * owner's lists, not the teacher's. Any signed-in caller passes the gateway: the service checks the role and
 * answers a wrong one with the seed's 403 -2601, which the gateway could not (it has no service codes).
 */
const endpoint = endpointsOf<OutingContext>();

const ROLE_CODE = OUTING_CODES.unauthorized;
/** Every cached list of one student's outings, whatever page. */
const STUDENT_LISTS = 'students.*.outings*';
const FILTERS = 'outings.filter*';
/** What a change to one outing makes stale: its reads, and every list it may appear in. */
const OUTING_CHANGED = ['outings.:outing_uuid*', STUDENT_LISTS, FILTERS];

const isAction = (value: string): value is Action => (ACTIONS as readonly string[]).includes(value);

export const applyEndpoint = endpoint({
  method: 'POST',
  path: '/v1/outings',
  body: NewOuting,
  summary: "A student applies for today's outing (201 with its uuid and status)",
  gateway: { invalidates: ['students.{claims:sub}.outings*', FILTERS] },
  handle: async (ctx, { body, caller }) => {
    const student = requireRole(caller, ['student'], ROLE_CODE);
    const { situation, ...rest } = body;
    // The schema admits normal or emergency in any case; the domain speaks upper case.
    const application: Application = {
      ...rest,
      situation: situation.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'EMERGENCY',
    };
    const outing = await applyForOuting(ctx)(student, application);
    return created(
      ok(201, 'succeed to create outing', { outing_uuid: outing.outing_uuid, outing_status: outing.status }),
    );
  },
});

export const studentOutings = endpoint({
  method: 'GET',
  path: '/v1/students/uuid/:student_uuid/outings',
  params: StudentParams,
  query: StudentOutingsQuery,
  summary: "A student's own outings, latest end first",
  gateway: {
    cache: {
      ttlSec: 60,
      key: 'students.:student_uuid.outings.start.{query:start}.count.{query:count}',
      private: true,
    },
  },
  handle: async (ctx, { params, query, caller }) => {
    const student = requireRole(caller, ['student'], ROLE_CODE);
    const list = await outingsOfStudent(ctx)(student, params.student_uuid, query.start, query.count);
    return ok(200, 'succeed to get outings', { outings: list });
  },
});

export const getOuting = endpoint({
  method: 'GET',
  path: '/v1/outings/uuid/:outing_uuid',
  params: OutingParams,
  summary: 'One outing, to its student or their parent',
  gateway: { cache: { ttlSec: 60, key: 'outings.:outing_uuid', private: true } },
  handle: async (ctx, { params, caller }) => {
    const reader = requireRole(caller, ['student', 'parent'], ROLE_CODE);
    const outing = await readableOuting(ctx)(reader, params.outing_uuid);
    return ok(200, 'succeed to get outing', { ...outingView(outing), student_uuid: outing.student_uuid });
  },
});

export const outingCardEndpoint = endpoint({
  method: 'GET',
  path: '/v1/outings/uuid/:outing_uuid/card',
  params: OutingParams,
  summary: 'The outing card a student shows at the gate',
  gateway: { cache: { ttlSec: 60, key: 'outings.:outing_uuid.card', private: true } },
  handle: async (ctx, { params, caller }) => {
    const student = requireRole(caller, ['student'], ROLE_CODE);
    return ok(200, 'succeed to get card', await outingCard(ctx)(student, params.outing_uuid));
  },
});

/** Parent actions are answered with the code the parent was texted; no token (spec #5). */
const parentAction = (action: 'parent-approve' | 'parent-reject') =>
  endpoint({
    method: 'POST',
    path: `/v1/outings/uuid/:outing_uuid/actions/${action}`,
    params: OutingParams,
    query: ParentActionQuery,
    summary: `The parent ${action === 'parent-approve' ? 'approves' : 'rejects'} an outing with the texted code`,
    gateway: { auth: 'public', invalidates: OUTING_CHANGED },
    handle: async (ctx, { params, query, caller }) => {
      await takeAction(ctx)(params.outing_uuid, action, callerOf(caller), query.code);
      return ok(200, 'succeed to take action to outing');
    },
  });

export const parentApprove = parentAction('parent-approve');
export const parentReject = parentAction('parent-reject');

export const takeActionEndpoint = endpoint({
  method: 'POST',
  path: '/v1/outings/uuid/:outing_uuid/actions/:action',
  params: ActionParams,
  summary: `Move an outing on (${ACTIONS.filter((a) => !a.startsWith('parent-')).join(', ')})`,
  gateway: { invalidates: OUTING_CHANGED },
  handle: async (ctx, { params, caller }) => {
    const { action } = params;
    if (!isAction(action)) throw notFound(`unknown action ${action}; use one of ${ACTIONS.join(', ')}`);
    const actor = requireRole(caller, ['student', 'teacher'], ROLE_CODE);
    await takeAction(ctx)(params.outing_uuid, action, actor);
    return ok(200, 'succeed to take action to outing');
  },
});

export const filterEndpoint = endpoint({
  method: 'GET',
  path: '/v1/outings/with-filter',
  query: FilterQuery,
  summary: 'Outings for teachers: by time range, class, club floor or status',
  gateway: {
    // Per caller, unlike the seed's shared key: the service checks the role, so a shared answer would reach
    // a student or parent from the cache without ever asking it.
    cache: {
      private: true,
      ttlSec: 60,
      key:
        'outings.filter.start.{query:start}.count.{query:count}.status.{query:status}.grade.{query:grade}' +
        '.group.{query:group}.floor.{query:floor}.start_time.{query:start_time}.end_time.{query:end_time}',
    },
  },
  handle: async (ctx, { query, caller }) => {
    const teacher = requireRole(caller, ['teacher'], ROLE_CODE);
    return ok(200, 'succeed to get outings', { outings: await filterOutings(ctx)(teacher, query) });
  },
});

export const byCode = endpoint({
  method: 'GET',
  path: '/v1/outings/code/:OCode',
  params: CodeParams,
  summary: 'What a parent is asked to approve, by the texted code',
  gateway: { auth: 'public' },
  handle: async (ctx, { params }) => ok(200, 'succeed to get outing', await outingByCode(ctx)(params.OCode)),
});

export const moveEndTimeEndpoint = endpoint({
  method: 'PATCH',
  path: '/v1/outings/uuid/:outing_uuid',
  params: OutingParams,
  body: EndTime,
  summary: 'A teacher moves the end time of an outing waiting for them',
  gateway: { invalidates: OUTING_CHANGED },
  handle: async (ctx, { params, body, caller }) => {
    requireRole(caller, ['teacher'], ROLE_CODE);
    await moveEndTime(ctx)(params.outing_uuid, body.end_time);
    return ok(200, 'succeed to modify outing');
  },
});

export const getSettings = endpoint({
  method: 'GET',
  path: '/v1/outings/settings',
  summary: 'Whether normal outings wait for a parent (admin)',
  gateway: {},
  handle: async (ctx, { caller }) => {
    requireRole(caller, ['admin'], ROLE_CODE);
    return ok(200, 'outing settings', { parent_approval: await parentApproval(ctx).get() });
  },
});

export const putSettings = endpoint({
  method: 'PUT',
  path: '/v1/outings/settings',
  body: Settings,
  summary: 'Turn the parent step of normal outings on or off (admin)',
  gateway: {},
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['admin'], ROLE_CODE);
    await parentApproval(ctx).set(body.parent_approval);
    return ok(200, 'outing settings saved', { parent_approval: body.parent_approval });
  },
});

/** In the order the gateway's table listed them. */
export const outingEndpoints = [
  applyEndpoint,
  studentOutings,
  getOuting,
  outingCardEndpoint,
  parentApprove,
  parentReject,
  takeActionEndpoint,
  filterEndpoint,
  byCode,
  moveEndTimeEndpoint,
  getSettings,
  putSettings,
];
