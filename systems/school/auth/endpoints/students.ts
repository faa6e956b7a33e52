import { created, fileAnswer } from '@mosaic/kit/service';
import { ok } from '../../contracts/envelope.ts';
import { requireCaller, requireRole } from '../../contracts/identity.ts';
import { changePassword } from '../commands/credentials.ts';
import { readProfile, replaceProfile } from '../commands/profiles.ts';
import { findStudentUuids, parentOfStudent, readStudent, studentsWithUuids } from '../commands/student-lookups.ts';
import { createStudent } from '../commands/student-sign-up.ts';
import { newStudentFields, passwordBody, studentParams, studentQuery, withUuidsBody } from '../schemas.ts';
import { checkFields, readForm } from '../uploads.ts';
import { ANY, endpoint, multipartLimit, PROFILE_MAX_BYTES, profileOf, requireSomeFilter } from './common.ts';

/** Uploads take a while on a slow line; the gateway's default 3 s would cut them off. */
const UPLOAD_TIMEOUT_MS = 6000;
const profileUpload = { maxBytes: PROFILE_MAX_BYTES, files: 1 };

const createStudentEndpoint = endpoint({
  method: 'POST',
  path: '/v1/students',
  summary: 'Register a student with a profile photo (multipart: the fields and a "profile" image; admins)',
  upload: profileUpload,
  gateway: { auth: ['admin'], timeoutMs: UPLOAD_TIMEOUT_MS, bodyLimitBytes: multipartLimit(PROFILE_MAX_BYTES) },
  handle: async (ctx, { caller, http }) => {
    requireRole(caller, ['admin']);
    const form = await readForm(http, 'profile', PROFILE_MAX_BYTES);
    const input = checkFields(newStudentFields, form.fields);
    const profile = profileOf(form.file?.data);
    const uuid = await createStudent(ctx)({ ...input, parent_uuid: input.parent_uuid || undefined }, profile);
    return created(ok(201, 'new student created', { student_uuid: uuid }));
  },
});

const replaceProfileEndpoint = endpoint({
  method: 'PUT',
  path: '/v1/students/uuid/:student_uuid/profile',
  params: studentParams,
  summary: 'Replace a student\'s profile photo (multipart "profile"; the student or an admin)',
  upload: profileUpload,
  gateway: {
    auth: ['student', 'admin'],
    timeoutMs: UPLOAD_TIMEOUT_MS,
    bodyLimitBytes: multipartLimit(PROFILE_MAX_BYTES),
  },
  handle: async (ctx, { params, caller, http }) => {
    const who = requireRole(caller, ['student', 'admin']);
    const form = await readForm(http, 'profile', PROFILE_MAX_BYTES);
    await replaceProfile(ctx)(who, params.student_uuid, profileOf(form.file?.data));
    return ok(200, 'profile image replaced', { profile_uri: `/v1/profiles/uuids/${params.student_uuid}` });
  },
});

const profileImage = endpoint({
  method: 'GET',
  path: '/v1/profiles/uuids/:student_uuid',
  params: studentParams,
  summary: "A student's profile photo, as the image it is",
  gateway: { auth: ANY },
  handle: async (ctx, { params, caller }) => {
    requireCaller(caller);
    const file = await readProfile(ctx)(params.student_uuid);
    return fileAnswer(file.data, file.contentType, {
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=300',
    });
  },
});

const student = endpoint({
  method: 'GET',
  path: '/v1/students/uuid/:student_uuid',
  params: studentParams,
  summary:
    "A student's name, class, number and photo, for anyone signed in; the phone number and parent status " +
    'only for the student, their parents, teachers and admins (empty strings for other students and parents)',
  gateway: { auth: ANY },
  handle: async (ctx, { params, caller }) =>
    ok(200, 'student inform', await readStudent(ctx)(requireCaller(caller), params.student_uuid)),
});

const studentPassword = endpoint({
  method: 'PUT',
  path: '/v1/students/uuid/:student_uuid/password',
  params: studentParams,
  body: passwordBody,
  summary: "Change a student's password; the current one is asked for (the student or an admin)",
  gateway: { auth: ['student', 'admin'] },
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['student', 'admin']);
    await changePassword(ctx)(who, 'student', params.student_uuid, body.current_pw, body.revision_pw);
    return ok(200, 'student pw change success');
  },
});

const studentUuids = endpoint({
  method: 'GET',
  path: '/v1/student-uuids',
  query: studentQuery,
  summary: 'The uuids of the students matching every filter given (at least one)',
  gateway: { auth: ANY },
  handle: async (ctx, { query, caller }) => {
    requireCaller(caller);
    requireSomeFilter(query, ['grade', 'group', 'student_number', 'name', 'phone_number', 'profile_uri']);
    return ok(200, 'student uuids', { student_uuids: await findStudentUuids(ctx)(query) });
  },
});

const studentsByUuid = endpoint({
  method: 'POST',
  path: '/v1/students/with-uuids',
  body: withUuidsBody,
  summary: 'Students by uuid; a phone number only where the caller may see it (as GET student), else empty',
  gateway: { auth: ANY },
  handle: async (ctx, { body, caller }) =>
    ok(200, 'student informs', {
      students: await studentsWithUuids(ctx)(requireCaller(caller), body.student_uuids),
    }),
});

const parentOf = endpoint({
  method: 'GET',
  path: '/v1/students/uuid/:student_uuid/parent',
  params: studentParams,
  summary: 'The parent linked to a student (the student or an admin)',
  gateway: { auth: ['student', 'admin'] },
  handle: async (ctx, { params, caller }) =>
    ok(200, 'parent of the student', await parentOfStudent(ctx)(requireCaller(caller), params.student_uuid)),
});

export const studentEndpoints = [
  createStudentEndpoint,
  replaceProfileEndpoint,
  profileImage,
  student,
  studentPassword,
  studentUuids,
  studentsByUuid,
  parentOf,
];
