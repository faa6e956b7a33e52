import { PATTERN_MEANS } from '@mosaic/kit/http';
/**
 * Auth's request schemas: the service validates with them and the gateway (routes.ts) validates with the
 * same ones before a request travels (spec §1.1 request columns).
 */
import { uuidSchema } from '../contracts/accounts.ts';
import { credential, koreanName, phoneNumber } from '../contracts/schemas.ts';

const grade = { type: 'integer', minimum: 1, maximum: 3 } as const;
const group = { type: 'integer', minimum: 1, maximum: 4 } as const;
const studentNumber = { type: 'integer', minimum: 1, maximum: 21 } as const;

const params = (name: string, schema: object) =>
  ({ type: 'object', required: [name], properties: { [name]: schema } }) as const;

export const studentParams = params('student_uuid', uuidSchema('student'));
export const teacherParams = params('teacher_uuid', uuidSchema('teacher'));
export const parentParams = params('parent_uuid', uuidSchema('parent'));
export const authCodeParams = params('auth_code', { type: 'integer', minimum: 1, maximum: 999_999 });
export const sheetParams = params('sheet', { type: 'string', minLength: 1, maxLength: 31 });

/** Multipart fields of `POST /v1/students` (the `profile` file is checked apart). */
export const newStudentFields = {
  type: 'object',
  required: ['student_id', 'student_pw', 'grade', 'group', 'student_number', 'name', 'phone_number'],
  properties: {
    student_id: { ...credential, pattern: '^[\\x21-\\x7e]+$', [PATTERN_MEANS]: 'printable ASCII without spaces' },
    student_pw: credential,
    parent_uuid: { anyOf: [uuidSchema('parent'), { const: '' }] },
    grade,
    group,
    student_number: studentNumber,
    name: koreanName,
    phone_number: phoneNumber,
  },
} as const;

const child = {
  type: 'object',
  required: ['grade', 'group', 'student_number', 'name'],
  properties: { grade, group, student_number: studentNumber, name: koreanName },
} as const;

export const newParentBody = {
  type: 'object',
  required: ['parent_id', 'parent_pw', 'name', 'children'],
  properties: {
    parent_id: { ...credential, pattern: '^[\\x21-\\x7e]+$', [PATTERN_MEANS]: 'printable ASCII without spaces' },
    parent_pw: credential,
    name: koreanName,
    phone_number: { anyOf: [phoneNumber, { const: '' }] },
    // The seed did not check the elements (no `dive`); we do.
    children: { type: 'array', maxItems: 10, items: child },
  },
} as const;

export const newTeacherBody = {
  type: 'object',
  required: ['teacher_id', 'teacher_pw', 'name', 'phone_number'],
  properties: {
    teacher_id: { ...credential, pattern: '^[\\x21-\\x7e]+$', [PATTERN_MEANS]: 'printable ASCII without spaces' },
    teacher_pw: credential,
    grade: { type: 'integer', minimum: 0, maximum: 3, default: 0 },
    group: { type: 'integer', minimum: 0, maximum: 4, default: 0 },
    name: { type: 'string', minLength: 2, maxLength: 4 },
    phone_number: phoneNumber,
  },
} as const;

export const loginBody = (role: 'student' | 'teacher' | 'parent' | 'admin') =>
  ({
    type: 'object',
    required: [`${role}_id`, `${role}_pw`],
    properties: {
      [`${role}_id`]: { type: 'string', minLength: 1, maxLength: 40 },
      [`${role}_pw`]: { type: 'string', minLength: 1, maxLength: 100 },
    },
  }) as const;

export const passwordBody = {
  type: 'object',
  required: ['current_pw', 'revision_pw'],
  properties: { current_pw: { type: 'string', minLength: 1, maxLength: 100 }, revision_pw: credential },
} as const;

export const studentQuery = {
  type: 'object',
  properties: {
    grade: { type: 'integer', minimum: 0, maximum: 3 },
    group: { type: 'integer', minimum: 0, maximum: 4 },
    student_number: { type: 'integer', minimum: 0, maximum: 21 },
    name: { type: 'string', maxLength: 4 },
    phone_number: { type: 'string', maxLength: 11 },
    profile_uri: { type: 'string', maxLength: 200 },
  },
} as const;

export const withUuidsBody = {
  type: 'object',
  required: ['student_uuids'],
  properties: { student_uuids: { type: 'array', maxItems: 1000, items: uuidSchema('student') } },
} as const;

export const withCodeBody = {
  type: 'object',
  required: ['auth_code', 'student_id', 'student_pw'],
  properties: {
    auth_code: { type: 'integer', minimum: 1, maximum: 999_999 },
    student_id: { ...credential, pattern: '^[\\x21-\\x7e]+$', [PATTERN_MEANS]: 'printable ASCII without spaces' },
    student_pw: credential,
  },
} as const;

export const teacherQuery = {
  type: 'object',
  properties: {
    grade: { type: 'integer', minimum: 0, maximum: 3 },
    group: { type: 'integer', minimum: 0, maximum: 4 },
    name: { type: 'string', maxLength: 4 },
    phone_number: { type: 'string', maxLength: 11 },
  },
} as const;

export const teacherPatchBody = {
  type: 'object',
  properties: { phone_number: { anyOf: [phoneNumber, { const: '' }] } },
} as const;

export const parentQuery = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 4 }, phone_number: { type: 'string', maxLength: 11 } },
} as const;

export const joinSmsQuery = {
  type: 'object',
  properties: {
    grade: { type: 'integer', minimum: 0, maximum: 3, default: 0 },
    group: { type: 'integer', minimum: 0, maximum: 4, default: 0 },
    student_number: { type: 'integer', minimum: 0, maximum: 21, default: 0 },
  },
} as const;

export const notificationQuery = {
  type: 'object',
  properties: {
    to_uuid: { type: 'string', maxLength: 24 },
    phone_number: { type: 'string', maxLength: 11 },
    start: { type: 'integer', minimum: 0, default: 0 },
    count: { type: 'integer', minimum: 0, maximum: 1000, default: 0 },
  },
} as const;
