import { created } from '@mosaic/kit/service';
import { ok } from '../../contracts/envelope.ts';
import { requireCaller, requireRole } from '../../contracts/identity.ts';
import { changePassword } from '../commands/credentials.ts';
import { childrenOfParent, createParent, findParentUuids, readParent } from '../commands/parents.ts';
import { newParentBody, parentParams, parentQuery, passwordBody } from '../schemas.ts';
import { ANY, endpoint, requireSomeFilter } from './common.ts';

const register = endpoint({
  method: 'POST',
  path: '/v1/parents',
  body: newParentBody,
  summary: 'Register a parent and the children they declare; students already signed up are linked (admins)',
  gateway: { auth: ['admin'] },
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['admin']);
    const uuid = await createParent(ctx)(body);
    return created(ok(201, 'new parent created', { parent_uuid: uuid }));
  },
});

const password = endpoint({
  method: 'PUT',
  path: '/v1/parents/uuid/:parent_uuid/password',
  params: parentParams,
  body: passwordBody,
  summary: "Change a parent's password; the current one is asked for (the parent or an admin)",
  gateway: { auth: ['parent', 'admin'] },
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['parent', 'admin']);
    await changePassword(ctx)(who, 'parent', params.parent_uuid, body.current_pw, body.revision_pw);
    return ok(200, 'parent pw change success');
  },
});

const parent = endpoint({
  method: 'GET',
  path: '/v1/parents/uuid/:parent_uuid',
  params: parentParams,
  summary: "A parent's name and phone number",
  gateway: { auth: ANY },
  handle: async (ctx, { params, caller }) => {
    requireCaller(caller);
    return ok(200, 'parent inform', await readParent(ctx)(params.parent_uuid));
  },
});

const parentUuids = endpoint({
  method: 'GET',
  path: '/v1/parent-uuids',
  query: parentQuery,
  summary: 'The uuids of the parents matching every filter given (at least one)',
  gateway: { auth: ANY },
  handle: async (ctx, { query, caller }) => {
    requireCaller(caller);
    requireSomeFilter(query, ['name', 'phone_number']);
    return ok(200, 'parent uuids', { parent_uuids: await findParentUuids(ctx)(query) });
  },
});

const children = endpoint({
  method: 'GET',
  path: '/v1/parents/uuid/:parent_uuid/children',
  params: parentParams,
  summary: "A parent's linked children (the parent or an admin)",
  gateway: { auth: ['parent', 'admin'] },
  handle: async (ctx, { params, caller }) => {
    const who = requireRole(caller, ['parent', 'admin']);
    return ok(200, 'children of the parent', { children: await childrenOfParent(ctx)(who, params.parent_uuid) });
  },
});

export const parentEndpoints = [register, password, parent, parentUuids, children];
