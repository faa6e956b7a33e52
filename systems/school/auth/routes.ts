import type { GatewayRoute } from '@mosaic/kit/gateway';
import { JWKS_PATH } from '../contracts/accounts.ts';
import { EXCEL_MAX_BYTES, PROFILE_MAX_BYTES } from './http.ts';
import * as s from './schemas.ts';

const ANY = ['student', 'teacher', 'parent', 'admin'];
const auth = 'auth';
const multipartLimit = (bytes: number) => bytes + 64 * 1024;

/**
 * Auth's gateway routes (spec §1.1 plus logout, teacher certification, profile images, the notification
 * outbox, key rotation). Not cached, as in the seed. Ownership ("that student, or admin") is checked by
 * the service; the gateway checks the role.
 */
export const authRoutes: GatewayRoute[] = [
  { method: 'GET', path: JWKS_PATH, service: auth, auth: 'public' },
  ...(['admin', 'student', 'teacher', 'parent'] as const).map(
    (role): GatewayRoute => ({
      method: 'POST',
      path: `/v1/login/${role}`,
      service: auth,
      auth: 'public',
      schema: { body: s.loginBody(role) },
    }),
  ),
  { method: 'POST', path: '/v1/logout', service: auth, auth: ANY, revokesToken: true },
  { method: 'POST', path: '/v1/signing-keys/rotate', service: auth, auth: ['admin'] },

  {
    method: 'POST',
    path: '/v1/students',
    service: auth,
    auth: ['admin'],
    timeoutMs: 6000,
    bodyLimitBytes: multipartLimit(PROFILE_MAX_BYTES),
  },
  {
    method: 'PUT',
    path: '/v1/students/uuid/:student_uuid/profile',
    service: auth,
    auth: ['student', 'admin'],
    schema: { params: s.studentParams },
    timeoutMs: 6000,
    bodyLimitBytes: multipartLimit(PROFILE_MAX_BYTES),
  },
  {
    method: 'GET',
    path: '/v1/profiles/uuids/:student_uuid',
    service: auth,
    auth: ANY,
    schema: { params: s.studentParams },
  },
  {
    method: 'GET',
    path: '/v1/students/uuid/:student_uuid',
    service: auth,
    auth: ANY,
    schema: { params: s.studentParams },
    summary:
      "A student's name, class, number and photo, for anyone signed in; the phone number and parent status " +
      'only for the student, their parents, teachers and admins (empty strings for other students and parents)',
  },
  {
    method: 'PUT',
    path: '/v1/students/uuid/:student_uuid/password',
    service: auth,
    auth: ['student', 'admin'],
    schema: { params: s.studentParams, body: s.passwordBody },
  },
  { method: 'GET', path: '/v1/student-uuids', service: auth, auth: ANY, schema: { querystring: s.studentQuery } },
  {
    method: 'POST',
    path: '/v1/students/with-uuids',
    service: auth,
    auth: ANY,
    schema: { body: s.withUuidsBody },
    summary: 'Students by uuid; a phone number only where the caller may see it (as GET student), else empty',
  },
  {
    method: 'GET',
    path: '/v1/students/uuid/:student_uuid/parent',
    service: auth,
    auth: ['student', 'admin'],
    schema: { params: s.studentParams },
  },
  {
    method: 'GET',
    path: '/v1/students/auth-code/:auth_code',
    service: auth,
    auth: 'public',
    schema: { params: s.authCodeParams },
  },
  { method: 'POST', path: '/v1/students/with-code', service: auth, auth: 'public', schema: { body: s.withCodeBody } },
  {
    method: 'POST',
    path: '/v1/join-sms/unsigned-students',
    service: auth,
    auth: ['admin'],
    schema: { querystring: s.joinSmsQuery },
  },
  {
    method: 'POST',
    path: '/v1/unsigned-students/parsed-by/excel',
    service: auth,
    auth: ['admin'],
    timeoutMs: 10_000,
    bodyLimitBytes: multipartLimit(EXCEL_MAX_BYTES),
  },
  {
    method: 'POST',
    path: '/v1/unsigned-students/parsed-by/excel/sheets/:sheet',
    service: auth,
    auth: ['admin'],
    schema: { params: s.sheetParams },
    timeoutMs: 10_000,
    bodyLimitBytes: multipartLimit(EXCEL_MAX_BYTES),
  },

  { method: 'POST', path: '/v1/teachers', service: auth, auth: 'public', schema: { body: s.newTeacherBody } },
  {
    method: 'POST',
    path: '/v1/teachers/uuid/:teacher_uuid/certify',
    service: auth,
    auth: ['admin'],
    schema: { params: s.teacherParams },
  },
  {
    method: 'PUT',
    path: '/v1/teachers/uuid/:teacher_uuid/password',
    service: auth,
    auth: ['teacher', 'admin'],
    schema: { params: s.teacherParams, body: s.passwordBody },
  },
  {
    method: 'GET',
    path: '/v1/teachers/uuid/:teacher_uuid',
    service: auth,
    auth: ANY,
    schema: { params: s.teacherParams },
  },
  {
    method: 'PATCH',
    path: '/v1/teachers/uuid/:teacher_uuid',
    service: auth,
    auth: ['teacher', 'admin'],
    schema: { params: s.teacherParams, body: s.teacherPatchBody },
  },
  { method: 'GET', path: '/v1/teacher-uuids', service: auth, auth: ANY, schema: { querystring: s.teacherQuery } },

  { method: 'POST', path: '/v1/parents', service: auth, auth: ['admin'], schema: { body: s.newParentBody } },
  {
    method: 'PUT',
    path: '/v1/parents/uuid/:parent_uuid/password',
    service: auth,
    auth: ['parent', 'admin'],
    schema: { params: s.parentParams, body: s.passwordBody },
  },
  {
    method: 'GET',
    path: '/v1/parents/uuid/:parent_uuid',
    service: auth,
    auth: ANY,
    schema: { params: s.parentParams },
  },
  { method: 'GET', path: '/v1/parent-uuids', service: auth, auth: ANY, schema: { querystring: s.parentQuery } },
  {
    method: 'GET',
    path: '/v1/parents/uuid/:parent_uuid/children',
    service: auth,
    auth: ['parent', 'admin'],
    schema: { params: s.parentParams },
  },

  {
    method: 'GET',
    path: '/v1/notifications',
    service: auth,
    auth: ['admin'],
    schema: { querystring: s.notificationQuery },
  },
  { method: 'GET', path: '/v1/accounts/count', service: auth, auth: ['admin'] },
];
