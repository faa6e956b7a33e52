import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JWKS_PATH, type Role } from '../contracts/accounts.ts';
import { badRequest, COMMON_CODES, ok, useEnvelopeErrors } from '../contracts/envelope.ts';
import { requireCaller, requireRole } from '../contracts/identity.ts';
import { pageSize } from '../contracts/schemas.ts';
import {
  type AuthContext,
  certifyTeacher,
  changePassword,
  childrenOfParent,
  countAccounts,
  createParent,
  createStudent,
  createTeacher,
  findParentUuids,
  findStudentUuids,
  findTeacherUuids,
  importRoster,
  login,
  type NewParent,
  type NewStudent,
  type NewTeacher,
  parentOfStudent,
  readParent,
  readProfile,
  readStudent,
  readTeacher,
  replaceProfile,
  type StudentQuery,
  sendJoinSms,
  signUpWithCode,
  studentsWithUuids,
  unsignedByCode,
  updateTeacher,
} from './commands.ts';
import { readWorkbook, UnreadableWorkbook } from './excel.ts';
import { readRoster } from './roster.ts';
import * as s from './schemas.ts';
import { notifications } from './store.ts';
import type { TokenIssuer } from './tokens.ts';
import { checkFields, imageType, readForm } from './uploads.ts';

export const PROFILE_MAX_BYTES = 5 * 1024 * 1024;
export const EXCEL_MAX_BYTES = 10 * 1024 * 1024;

type P<K extends string> = { Params: Record<K, string> };

export async function authRoutesOf(app: FastifyInstance, ctx: AuthContext, issuer: TokenIssuer) {
  useEnvelopeErrors(app);
  await app.register(multipart, { limits: { fileSize: EXCEL_MAX_BYTES, files: 1 } });

  // ── sign-in, sign-out, keys ───────────────────────────────────────────────────────────────────────────
  for (const role of ['admin', 'student', 'teacher', 'parent'] as const satisfies readonly Role[]) {
    app.post<{ Body: Record<string, string> }>(
      `/v1/login/${role}`,
      { schema: { body: s.loginBody(role) } },
      async (request) => {
        const signedIn = await login(ctx, issuer)(role, request.body[`${role}_id`]!, request.body[`${role}_pw`]!);
        return ok(200, `${role} login success`, { access_token: signedIn.token, [`${role}_uuid`]: signedIn.uuid });
      },
    );
  }

  // The gateway revokes the token on this route's success (revokesToken); there is nothing to do here.
  app.post('/v1/logout', async (request) => {
    requireCaller(request);
    return ok(200, 'logged out: this token is revoked until it expires');
  });

  app.get(JWKS_PATH, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=30');
    return issuer.jwks();
  });

  app.post('/v1/signing-keys/rotate', async (request) => {
    requireRole(request, ['admin']);
    const rotated = await issuer.rotate();
    return ok(200, 'a new signing key is published and signs from active_from on', rotated);
  });

  // ── students ──────────────────────────────────────────────────────────────────────────────────────────
  app.post('/v1/students', async (request, reply) => {
    requireRole(request, ['admin']);
    const form = await readForm(request, 'profile', PROFILE_MAX_BYTES);
    const input = checkFields<NewStudent>(s.newStudentFields, form.fields);
    const profile = profileOf(form.file?.data);
    const uuid = await createStudent(ctx)({ ...input, parent_uuid: input.parent_uuid || undefined }, profile);
    return reply.code(201).send(ok(201, 'new student created', { student_uuid: uuid }));
  });

  app.put<P<'student_uuid'>>(
    '/v1/students/uuid/:student_uuid/profile',
    { schema: { params: s.studentParams } },
    async (request) => {
      const caller = requireRole(request, ['student', 'admin']);
      const form = await readForm(request, 'profile', PROFILE_MAX_BYTES);
      await replaceProfile(ctx)(caller, request.params.student_uuid, profileOf(form.file?.data));
      return ok(200, 'profile image replaced', { profile_uri: `/v1/profiles/uuids/${request.params.student_uuid}` });
    },
  );

  app.get<P<'student_uuid'>>(
    '/v1/profiles/uuids/:student_uuid',
    { schema: { params: s.studentParams } },
    async (request, reply) => {
      requireCaller(request);
      const file = await readProfile(ctx)(request.params.student_uuid);
      return reply
        .type(file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .send(file.data);
    },
  );

  app.get<P<'student_uuid'>>(
    '/v1/students/uuid/:student_uuid',
    { schema: { params: s.studentParams } },
    async (request) => {
      const caller = requireCaller(request);
      return ok(200, 'student inform', await readStudent(ctx)(caller, request.params.student_uuid));
    },
  );

  app.put<P<'student_uuid'> & { Body: { current_pw: string; revision_pw: string } }>(
    '/v1/students/uuid/:student_uuid/password',
    { schema: { params: s.studentParams, body: s.passwordBody } },
    async (request) => {
      const caller = requireRole(request, ['student', 'admin']);
      const { current_pw, revision_pw } = request.body;
      await changePassword(ctx)(caller, 'student', request.params.student_uuid, current_pw, revision_pw);
      return ok(200, 'student pw change success');
    },
  );

  app.get<{ Querystring: StudentQuery }>(
    '/v1/student-uuids',
    { schema: { querystring: s.studentQuery } },
    async (request) => {
      requireCaller(request);
      requireSomeFilter(request.query as Record<string, unknown>, [
        'grade',
        'group',
        'student_number',
        'name',
        'phone_number',
        'profile_uri',
      ]);
      return ok(200, 'student uuids', { student_uuids: await findStudentUuids(ctx)(request.query) });
    },
  );

  app.post<{ Body: { student_uuids: string[] } }>(
    '/v1/students/with-uuids',
    { schema: { body: s.withUuidsBody } },
    async (request) => {
      const caller = requireCaller(request);
      return ok(200, 'student informs', {
        students: await studentsWithUuids(ctx)(caller, request.body.student_uuids),
      });
    },
  );

  app.get<P<'student_uuid'>>(
    '/v1/students/uuid/:student_uuid/parent',
    { schema: { params: s.studentParams } },
    async (request) => {
      const caller = requireCaller(request);
      return ok(200, 'parent of the student', await parentOfStudent(ctx)(caller, request.params.student_uuid));
    },
  );

  app.get<{ Params: { auth_code: number } }>(
    '/v1/students/auth-code/:auth_code',
    { schema: { params: s.authCodeParams } },
    async (request) =>
      ok(200, 'unsigned student with this auth code', await unsignedByCode(ctx)(request.params.auth_code)),
  );

  app.post<{ Body: { auth_code: number; student_id: string; student_pw: string } }>(
    '/v1/students/with-code',
    { schema: { body: s.withCodeBody } },
    async (request, reply) => {
      const uuid = await signUpWithCode(ctx)(request.body);
      return reply.code(201).send(ok(201, 'signed up with the auth code', { student_uuid: uuid }));
    },
  );

  app.post<{ Querystring: { grade: number; group: number; student_number: number } }>(
    '/v1/join-sms/unsigned-students',
    { schema: { querystring: s.joinSmsQuery } },
    async (request) => {
      requireRole(request, ['admin']);
      return ok(200, 'auth codes sent to the notification outbox', await sendJoinSms(ctx)(request.query));
    },
  );

  const importExcel = async (request: FastifyRequest, sheet?: string) => {
    requireRole(request, ['admin']);
    const form = await readForm(request, 'excel', EXCEL_MAX_BYTES);
    if (!form.file || form.file.data.length === 0)
      throw badRequest('attach the .xlsx file as the "excel" field', COMMON_CODES.validationFailed);
    let sheets: Awaited<ReturnType<typeof readWorkbook>>;
    try {
      sheets = await readWorkbook(form.file.data, sheet);
    } catch (error) {
      if (!(error instanceof UnreadableWorkbook)) throw error;
      throw badRequest(`the file is not a readable .xlsx workbook (${error.message})`, COMMON_CODES.validationFailed);
    }
    if (sheet !== undefined && sheets.length === 0) throw badRequest(`the workbook has no sheet "${sheet}"`);
    const roster = readRoster(sheets);
    if (!roster.ok) throw badRequest(roster.message);
    const counts = await importRoster(ctx)(roster.students);
    return ok(201, `${counts.add_count} unsigned students added, ${counts.no_add_count} already known`, counts);
  };
  app.post('/v1/unsigned-students/parsed-by/excel', async (request, reply) =>
    reply.code(201).send(await importExcel(request)),
  );
  app.post<P<'sheet'>>(
    '/v1/unsigned-students/parsed-by/excel/sheets/:sheet',
    { schema: { params: s.sheetParams } },
    async (request, reply) => reply.code(201).send(await importExcel(request, request.params.sheet)),
  );

  // ── teachers ──────────────────────────────────────────────────────────────────────────────────────────
  app.post<{ Body: NewTeacher }>('/v1/teachers', { schema: { body: s.newTeacherBody } }, async (request, reply) => {
    const uuid = await createTeacher(ctx)(request.body);
    return reply
      .code(201)
      .send(ok(201, 'new teacher created; you can use it after approval by an admin', { teacher_uuid: uuid }));
  });

  app.post<P<'teacher_uuid'>>(
    '/v1/teachers/uuid/:teacher_uuid/certify',
    { schema: { params: s.teacherParams } },
    async (request) => {
      requireRole(request, ['admin']);
      await certifyTeacher(ctx)(request.params.teacher_uuid);
      return ok(200, 'teacher certified: the account can sign in now');
    },
  );

  app.put<P<'teacher_uuid'> & { Body: { current_pw: string; revision_pw: string } }>(
    '/v1/teachers/uuid/:teacher_uuid/password',
    { schema: { params: s.teacherParams, body: s.passwordBody } },
    async (request) => {
      const caller = requireRole(request, ['teacher', 'admin']);
      const { current_pw, revision_pw } = request.body;
      await changePassword(ctx)(caller, 'teacher', request.params.teacher_uuid, current_pw, revision_pw);
      return ok(200, 'teacher pw change success');
    },
  );

  app.get<P<'teacher_uuid'>>(
    '/v1/teachers/uuid/:teacher_uuid',
    { schema: { params: s.teacherParams } },
    async (request) => {
      requireCaller(request);
      return ok(200, 'teacher inform', await readTeacher(ctx)(request.params.teacher_uuid));
    },
  );

  app.patch<P<'teacher_uuid'> & { Body: { phone_number?: string } }>(
    '/v1/teachers/uuid/:teacher_uuid',
    { schema: { params: s.teacherParams, body: s.teacherPatchBody } },
    async (request) => {
      const caller = requireRole(request, ['teacher', 'admin']);
      await updateTeacher(ctx)(caller, request.params.teacher_uuid, request.body?.phone_number || undefined);
      return ok(200, 'teacher inform updated');
    },
  );

  app.get<{ Querystring: { grade?: number; group?: number; name?: string; phone_number?: string } }>(
    '/v1/teacher-uuids',
    { schema: { querystring: s.teacherQuery } },
    async (request) => {
      requireCaller(request);
      requireSomeFilter(request.query, ['grade', 'group', 'name', 'phone_number']);
      return ok(200, 'teacher uuids', { teacher_uuids: await findTeacherUuids(ctx)(request.query) });
    },
  );

  // ── parents ───────────────────────────────────────────────────────────────────────────────────────────
  app.post<{ Body: NewParent }>('/v1/parents', { schema: { body: s.newParentBody } }, async (request, reply) => {
    requireRole(request, ['admin']);
    const uuid = await createParent(ctx)(request.body);
    return reply.code(201).send(ok(201, 'new parent created', { parent_uuid: uuid }));
  });

  app.put<P<'parent_uuid'> & { Body: { current_pw: string; revision_pw: string } }>(
    '/v1/parents/uuid/:parent_uuid/password',
    { schema: { params: s.parentParams, body: s.passwordBody } },
    async (request) => {
      const caller = requireRole(request, ['parent', 'admin']);
      const { current_pw, revision_pw } = request.body;
      await changePassword(ctx)(caller, 'parent', request.params.parent_uuid, current_pw, revision_pw);
      return ok(200, 'parent pw change success');
    },
  );

  app.get<P<'parent_uuid'>>(
    '/v1/parents/uuid/:parent_uuid',
    { schema: { params: s.parentParams } },
    async (request) => {
      requireCaller(request);
      return ok(200, 'parent inform', await readParent(ctx)(request.params.parent_uuid));
    },
  );

  app.get<{ Querystring: { name?: string; phone_number?: string } }>(
    '/v1/parent-uuids',
    { schema: { querystring: s.parentQuery } },
    async (request) => {
      requireCaller(request);
      requireSomeFilter(request.query, ['name', 'phone_number']);
      return ok(200, 'parent uuids', { parent_uuids: await findParentUuids(ctx)(request.query) });
    },
  );

  app.get<P<'parent_uuid'>>(
    '/v1/parents/uuid/:parent_uuid/children',
    { schema: { params: s.parentParams } },
    async (request) => {
      const caller = requireRole(request, ['parent', 'admin']);
      return ok(200, 'children of the parent', {
        children: await childrenOfParent(ctx)(caller, request.params.parent_uuid),
      });
    },
  );

  // ── the SMS outbox, and the numbers the demo seeding asks for ─────────────────────────────────────────
  app.get<{ Querystring: { to_uuid?: string; phone_number?: string; start: number; count: number } }>(
    '/v1/notifications',
    { schema: { querystring: s.notificationQuery } },
    async (request) => {
      requireRole(request, ['admin']);
      const { start, count, to_uuid, phone_number } = request.query;
      const list = await notifications(ctx.store.db).list({
        start,
        count: pageSize(count, 50),
        ...(to_uuid ? { to_uuid } : {}),
        ...(phone_number ? { phone_number } : {}),
      });
      return ok(200, 'notifications, newest first', { notifications: list });
    },
  );

  app.get('/v1/accounts/count', async (request) => {
    requireRole(request, ['admin']);
    return ok(200, 'accounts by kind', await countAccounts(ctx)());
  });
}

function profileOf(data: Buffer | undefined) {
  if (!data || data.length === 0)
    throw badRequest('attach the profile image as the "profile" field', COMMON_CODES.validationFailed);
  const contentType = imageType(data);
  if (!contentType)
    throw badRequest('the profile must be a PNG, JPEG, GIF or WebP image', COMMON_CODES.validationFailed);
  return { contentType, data };
}

/** The seed meant to refuse a lookup with no filter at all (its check was dead code, spec §0). */
function requireSomeFilter(query: Record<string, unknown>, names: readonly string[]) {
  if (names.some((n) => query[n] !== undefined && query[n] !== '' && query[n] !== 0)) return;
  throw badRequest(`give at least one of ${names.join(', ')}`, COMMON_CODES.validationFailed);
}
