import type { FastifyInstance } from 'fastify';
import { notFound, ok, useEnvelopeErrors } from '../contracts/envelope.ts';
import { callerOf, requireRole } from '../contracts/identity.ts';
import {
  applyForOuting,
  type FilterQuery,
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
import { ACTIONS, type Action, OUTING_CODES, type Situation } from './domain.ts';
import * as s from './schemas.ts';

const OUTING_ROLE_CODE = OUTING_CODES.unauthorized;

export function outingRoutes(app: FastifyInstance, ctx: OutingContext) {
  useEnvelopeErrors(app);

  app.post<{ Body: { start_time: number; end_time: number; place: string; reason: string; situation: string } }>(
    '/v1/outings',
    { schema: { body: s.newOutingBody } },
    async (request, reply) => {
      const student = requireRole(request, ['student'], OUTING_ROLE_CODE);
      const { situation, ...rest } = request.body;
      const outing = await applyForOuting(ctx)(student, { ...rest, situation: situation.toUpperCase() as Situation });
      return reply
        .code(201)
        .send(ok(201, 'succeed to create outing', { outing_uuid: outing.outing_uuid, outing_status: outing.status }));
    },
  );

  app.get<{ Params: { student_uuid: string }; Querystring: { start: number; count: number } }>(
    '/v1/students/uuid/:student_uuid/outings',
    { schema: { params: s.studentParams, querystring: s.studentOutingsQuery } },
    async (request) => {
      const caller = requireRole(request, ['student'], OUTING_ROLE_CODE);
      const { start, count } = request.query;
      const list = await outingsOfStudent(ctx)(caller, request.params.student_uuid, start, count);
      return ok(200, 'succeed to get outings', { outings: list });
    },
  );

  app.get<{ Params: { outing_uuid: string } }>(
    '/v1/outings/uuid/:outing_uuid',
    { schema: { params: s.outingParams } },
    async (request) => {
      const caller = requireRole(request, ['student', 'parent'], OUTING_ROLE_CODE);
      const outing = await readableOuting(ctx)(caller, request.params.outing_uuid);
      return ok(200, 'succeed to get outing', { ...outingView(outing), student_uuid: outing.student_uuid });
    },
  );

  app.get<{ Params: { outing_uuid: string } }>(
    '/v1/outings/uuid/:outing_uuid/card',
    { schema: { params: s.outingParams } },
    async (request) => {
      const caller = requireRole(request, ['student'], OUTING_ROLE_CODE);
      return ok(200, 'succeed to get card', await outingCard(ctx)(caller, request.params.outing_uuid));
    },
  );

  // Parent actions are answered with the code the parent was texted; no token (spec #5).
  for (const action of ['parent-approve', 'parent-reject'] as const) {
    app.post<{ Params: { outing_uuid: string }; Querystring: { code: string } }>(
      `/v1/outings/uuid/:outing_uuid/actions/${action}`,
      { schema: { params: s.outingParams, querystring: s.parentActionQuery } },
      async (request) => {
        await takeAction(ctx)(request.params.outing_uuid, action, callerOf(request), request.query.code);
        return ok(200, 'succeed to take action to outing');
      },
    );
  }

  app.post<{ Params: { outing_uuid: string; action: string } }>(
    '/v1/outings/uuid/:outing_uuid/actions/:action',
    { schema: { params: s.actionParams } },
    async (request) => {
      const action = request.params.action;
      if (!(ACTIONS as readonly string[]).includes(action)) {
        throw notFound(`unknown action ${action}; use one of ${ACTIONS.join(', ')}`);
      }
      const caller = requireRole(request, ['student', 'teacher'], OUTING_ROLE_CODE);
      await takeAction(ctx)(request.params.outing_uuid, action as Action, caller);
      return ok(200, 'succeed to take action to outing');
    },
  );

  app.get<{ Querystring: FilterQuery }>(
    '/v1/outings/with-filter',
    { schema: { querystring: s.filterQuery } },
    async (request) => {
      const teacher = requireRole(request, ['teacher'], OUTING_ROLE_CODE);
      return ok(200, 'succeed to get outings', { outings: await filterOutings(ctx)(teacher, request.query) });
    },
  );

  app.get<{ Params: { OCode: string } }>(
    '/v1/outings/code/:OCode',
    { schema: { params: s.codeParams } },
    async (request) => ok(200, 'succeed to get outing', await outingByCode(ctx)(request.params.OCode)),
  );

  app.patch<{ Params: { outing_uuid: string }; Body: { end_time: number } }>(
    '/v1/outings/uuid/:outing_uuid',
    { schema: { params: s.outingParams, body: s.endTimeBody } },
    async (request) => {
      requireRole(request, ['teacher'], OUTING_ROLE_CODE);
      await moveEndTime(ctx)(request.params.outing_uuid, request.body.end_time);
      return ok(200, 'succeed to modify outing');
    },
  );

  app.get('/v1/outings/settings', async (request) => {
    requireRole(request, ['admin'], OUTING_ROLE_CODE);
    return ok(200, 'outing settings', { parent_approval: await parentApproval(ctx).get() });
  });

  app.put<{ Body: { parent_approval: boolean } }>(
    '/v1/outings/settings',
    { schema: { body: s.settingsBody } },
    async (request) => {
      requireRole(request, ['admin'], OUTING_ROLE_CODE);
      await parentApproval(ctx).set(request.body.parent_approval);
      return ok(200, 'outing settings saved', { parent_approval: request.body.parent_approval });
    },
  );
}
