import { created } from '@mosaic/kit/service';
import { ok } from '../../contracts/envelope.ts';
import { requireCaller, requireRole } from '../../contracts/identity.ts';
import { changePassword } from '../commands/credentials.ts';
import { certifyTeacher, createTeacher, findTeacherUuids, readTeacher, updateTeacher } from '../commands/teachers.ts';
import { newTeacherBody, passwordBody, teacherParams, teacherPatchBody, teacherQuery } from '../schemas.ts';
import { ANY, endpoint, requireSomeFilter } from './common.ts';

const signUp = endpoint({
  method: 'POST',
  path: '/v1/teachers',
  body: newTeacherBody,
  summary: 'A teacher signs up; the account signs in once an admin certified it',
  gateway: { auth: 'public' },
  handle: async (ctx, { body }) => {
    const uuid = await createTeacher(ctx)(body);
    return created(ok(201, 'new teacher created; you can use it after approval by an admin', { teacher_uuid: uuid }));
  },
});

const certify = endpoint({
  method: 'POST',
  path: '/v1/teachers/uuid/:teacher_uuid/certify',
  params: teacherParams,
  summary: "Certify a teacher's account so it can sign in (admins)",
  gateway: { auth: ['admin'] },
  handle: async (ctx, { params, caller }) => {
    requireRole(caller, ['admin']);
    await certifyTeacher(ctx)(params.teacher_uuid);
    return ok(200, 'teacher certified: the account can sign in now');
  },
});

const password = endpoint({
  method: 'PUT',
  path: '/v1/teachers/uuid/:teacher_uuid/password',
  params: teacherParams,
  body: passwordBody,
  summary: "Change a teacher's password; the current one is asked for (the teacher or an admin)",
  gateway: { auth: ['teacher', 'admin'] },
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['teacher', 'admin']);
    await changePassword(ctx)(who, 'teacher', params.teacher_uuid, body.current_pw, body.revision_pw);
    return ok(200, 'teacher pw change success');
  },
});

const teacher = endpoint({
  method: 'GET',
  path: '/v1/teachers/uuid/:teacher_uuid',
  params: teacherParams,
  summary: "A teacher's name, phone number and homeroom class (0 and 0 without one)",
  gateway: { auth: ANY },
  handle: async (ctx, { params, caller }) => {
    requireCaller(caller);
    return ok(200, 'teacher inform', await readTeacher(ctx)(params.teacher_uuid));
  },
});

const update = endpoint({
  method: 'PATCH',
  path: '/v1/teachers/uuid/:teacher_uuid',
  params: teacherParams,
  body: teacherPatchBody,
  summary: "Change a teacher's phone number (the teacher or an admin)",
  gateway: { auth: ['teacher', 'admin'] },
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['teacher', 'admin']);
    await updateTeacher(ctx)(who, params.teacher_uuid, body?.phone_number || undefined);
    return ok(200, 'teacher inform updated');
  },
});

const teacherUuids = endpoint({
  method: 'GET',
  path: '/v1/teacher-uuids',
  query: teacherQuery,
  summary: 'The uuids of the teachers matching every filter given (at least one)',
  gateway: { auth: ANY },
  handle: async (ctx, { query, caller }) => {
    requireCaller(caller);
    requireSomeFilter(query, ['grade', 'group', 'name', 'phone_number']);
    return ok(200, 'teacher uuids', { teacher_uuids: await findTeacherUuids(ctx)(query) });
  },
});

export const teacherEndpoints = [signUp, certify, password, teacher, update, teacherUuids];
