import { PATTERN_MEANS, type Static, Type } from '@mosaic/kit/http';
/**
 * Auth's request schemas (TypeBox: each is its JSON Schema and its type). The service validates with them and
 * the gateway, whose routes come from auth's endpoints, with the same ones before a request travels (spec §1.1
 * request columns).
 */
import { type Role, uuidSchema } from '../contracts/accounts.ts';
import { credential, koreanName, pageQuery, phoneNumber } from '../contracts/schemas.ts';

const grade = Type.Integer({ minimum: 1, maximum: 3 });
const group = Type.Integer({ minimum: 1, maximum: 4 });
const studentNumber = Type.Integer({ minimum: 1, maximum: 21 });

/** A new account's login id: a credential that is printable ASCII, so it can be typed on any keyboard. */
const loginId = Type.String({
  ...credential,
  pattern: '^[\\x21-\\x7e]+$',
  [PATTERN_MEANS]: 'printable ASCII without spaces',
});

/** `phone_number` where it may be left empty (a parent or teacher without one). */
const phoneOrEmpty = Type.Union([phoneNumber, Type.Literal('')]);

export const studentParams = Type.Object({ student_uuid: uuidSchema('student') });
export const teacherParams = Type.Object({ teacher_uuid: uuidSchema('teacher') });
export const parentParams = Type.Object({ parent_uuid: uuidSchema('parent') });
export const authCodeParams = Type.Object({ auth_code: Type.Integer({ minimum: 1, maximum: 999_999 }) });
export const sheetParams = Type.Object({ sheet: Type.String({ minLength: 1, maxLength: 31 }) });

/** Multipart fields of `POST /v1/students` (the `profile` file is checked apart). */
export const newStudentFields = Type.Object({
  student_id: loginId,
  student_pw: credential,
  parent_uuid: Type.Optional(Type.Union([uuidSchema('parent'), Type.Literal('')])),
  grade,
  group,
  student_number: studentNumber,
  name: koreanName,
  phone_number: phoneNumber,
});

const child = Type.Object({ grade, group, student_number: studentNumber, name: koreanName });

export const newParentBody = Type.Object({
  parent_id: loginId,
  parent_pw: credential,
  name: koreanName,
  phone_number: Type.Optional(phoneOrEmpty),
  // The seed did not check the elements (no `dive`); we do.
  children: Type.Array(child, { maxItems: 10 }),
});

const newTeacherFields = Type.Object({
  teacher_id: loginId,
  teacher_pw: credential,
  grade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, default: 0 })),
  group: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, default: 0 })),
  name: Type.String({ minLength: 2, maxLength: 4 }),
  phone_number: phoneNumber,
});
/** Validation fills in grade and group (0: no homeroom class) before the handler runs, so its type has them. */
export const newTeacherBody = Type.Unsafe<Static<typeof newTeacherFields> & { grade: number; group: number }>(
  newTeacherFields,
);

export const loginBody = (role: Role) =>
  Type.Object({
    [`${role}_id`]: Type.String({ minLength: 1, maxLength: 40 }),
    [`${role}_pw`]: Type.String({ minLength: 1, maxLength: 100 }),
  });

export const passwordBody = Type.Object({
  current_pw: Type.String({ minLength: 1, maxLength: 100 }),
  revision_pw: credential,
});

export const studentQuery = Type.Object({
  grade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  group: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  student_number: Type.Optional(Type.Integer({ minimum: 0, maximum: 21 })),
  name: Type.Optional(Type.String({ maxLength: 4 })),
  phone_number: Type.Optional(Type.String({ maxLength: 11 })),
  profile_uri: Type.Optional(Type.String({ maxLength: 200 })),
});

export const withUuidsBody = Type.Object({
  student_uuids: Type.Array(uuidSchema('student'), { maxItems: 1000 }),
});

export const withCodeBody = Type.Object({
  auth_code: Type.Integer({ minimum: 1, maximum: 999_999 }),
  student_id: loginId,
  student_pw: credential,
});

export const teacherQuery = Type.Object({
  grade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  group: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  name: Type.Optional(Type.String({ maxLength: 4 })),
  phone_number: Type.Optional(Type.String({ maxLength: 11 })),
});

export const teacherPatchBody = Type.Object({ phone_number: Type.Optional(phoneOrEmpty) });

export const parentQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 4 })),
  phone_number: Type.Optional(Type.String({ maxLength: 11 })),
});

/** 0 (the default) for a field means any value: no filter on it. */
export const joinSmsQuery = Type.Object({
  grade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, default: 0 })),
  group: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, default: 0 })),
  student_number: Type.Optional(Type.Integer({ minimum: 0, maximum: 21, default: 0 })),
});

const notificationFields = Type.Object({
  to_uuid: Type.Optional(Type.String({ maxLength: 24 })),
  phone_number: Type.Optional(Type.String({ maxLength: 11 })),
  ...pageQuery,
});
/** Validation fills in `start` and `count` before the handler runs, so its type has them. */
export const notificationQuery = Type.Unsafe<Static<typeof notificationFields> & { start: number; count: number }>(
  notificationFields,
);
