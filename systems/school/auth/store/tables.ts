import type { SigningKeyTables } from '@mosaic/kit/auth';
import type { Generated } from 'kysely';
import type { ParentStatus } from '../domain.ts';

/** Auth's tables; `signing_keys` (the kit's token issuer's) is one of them. */
export interface AuthTables extends SigningKeyTables {
  admins: { uuid: string; admin_id: string; pw_hash: string; name: string; created_at: string };
  students: {
    uuid: string;
    student_id: string;
    pw_hash: string;
    parent_uuid: string | null;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    phone_number: string;
    profile_uri: string;
    parent_status: ParentStatus;
    created_at: string;
  };
  teachers: {
    uuid: string;
    teacher_id: string;
    pw_hash: string;
    /** 0 or 1: a self-registered teacher signs in only once an admin certified them. */
    certified: number;
    grade: number;
    group_no: number;
    name: string;
    phone_number: string;
    created_at: string;
  };
  parents: {
    uuid: string;
    parent_id: string;
    pw_hash: string;
    name: string;
    phone_number: string | null;
    created_at: string;
  };
  /** The children a parent declared; `student_uuid` is filled once the child has an account. */
  parent_children: {
    id: Generated<number>;
    parent_uuid: string;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    student_uuid: string | null;
  };
  /** Students imported from Excel who have not signed up yet; the auth code is what they sign up with. */
  unsigned_students: {
    auth_code: number;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    phone_number: string;
    created_at: string;
  };
  /** The S3 stand-in: profile images, by key. */
  files: { key: string; content_type: string; data: Buffer; created_at: string };
  /** The SMS stand-in: every message the school would have texted, for an admin to read. */
  notifications: {
    id: Generated<number>;
    to_uuid: string | null;
    phone_number: string;
    text: string;
    reason: string;
    created_at: string;
  };
}

export type StudentRow = AuthTables['students'];
export type TeacherRow = AuthTables['teachers'];
export type ParentRow = AuthTables['parents'];
