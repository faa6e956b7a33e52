import { PATTERN_MEANS, Type } from '@mosaic/kit/http';
/**
 * The four kinds of account (spec §2.1) and what other services may read about them from auth.
 * An account's uuid says its kind: `student-` + 12 digits, `teacher-`, `parent-`, `admin-` likewise.
 */

export const ROLES = ['student', 'teacher', 'parent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Anchored, unlike the seed's prefix-only regexes, so `student-123456789012xyz` is not a student. */
export const UUID_PATTERNS: Readonly<Record<Role, string>> = {
  student: '^student-[0-9]{12}$',
  teacher: '^teacher-[0-9]{12}$',
  parent: '^parent-[0-9]{12}$',
  admin: '^admin-[0-9]{12}$',
};

const UUID = /^(student|teacher|parent|admin)-[0-9]{12}$/;

/** The role an account uuid belongs to, or undefined when it is no account uuid. */
export function roleOf(uuid: string): Role | undefined {
  const match = UUID.exec(uuid);
  return match ? (match[1] as Role) : undefined;
}

export function isUuidOf(role: Role, uuid: string): boolean {
  return roleOf(uuid) === role;
}

/** JSON schema of an account uuid of one kind, for route params and bodies. */
export function uuidSchema(role: Role) {
  return Type.String({
    pattern: UUID_PATTERNS[role],
    [PATTERN_MEANS]: `a ${role} uuid: ${role}- and 12 digits`,
    description: `${role} uuid: ${role}-<12 digits>`,
  });
}

/** A student as `POST /v1/students/with-uuids` and `GET /v1/parents/uuid/:uuid/children` return it. */
export interface StudentInform {
  student_uuid: string;
  grade: number;
  group: number;
  student_number: number;
  name: string;
  phone_number: string;
  profile_uri: string;
}

/** `GET /v1/students/uuid/:student_uuid`. `parent_status` is one-shot (spec §2.1): '' once the student saw it. */
export interface StudentDetail {
  name: string;
  phone_number: string;
  profile_uri: string;
  parent_status: 'CONNECTED' | 'UN_CONNECTED' | '';
  grade: number;
  group: number;
  student_number: number;
}

/** `GET /v1/teachers/uuid/:teacher_uuid`; grade and group are 0 for a teacher without a homeroom class. */
export interface TeacherInform {
  name: string;
  phone_number: string;
  grade: number;
  group: number;
}

/** `GET /v1/parents/uuid/:parent_uuid` and, with `parent_uuid`, `GET /v1/students/uuid/:uuid/parent`. */
export interface ParentInform {
  name: string;
  phone_number: string;
}

/** Token lifetimes as the seed: students 7 days, everyone else 24 hours. */
export const TOKEN_LIFETIME_SEC: Readonly<Record<Role, number>> = {
  student: 7 * 24 * 3600,
  teacher: 24 * 3600,
  parent: 24 * 3600,
  admin: 24 * 3600,
};

/** What the auth service writes into every access token; the gateway verifies it against auth's JWKS. */
export const TOKEN_ISSUER = 'mosaic-school';
export const TOKEN_AUDIENCE = 'school';
export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * The admin auth creates on its first start with an empty store. Its uuid is fixed so system code that runs
 * beside the services (the demo seeding) can act as it without knowing its password.
 */
export const BOOTSTRAP_ADMIN = { uuid: 'admin-000000000001', id: 'admin', name: '어드민' } as const;
