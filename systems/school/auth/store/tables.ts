import type { Generated } from 'kysely';
import type { ParentStatus } from '../domain.ts';

export interface AuthTables {
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
  /** ES256 keys tokens are signed with; public halves stay published until the last token they signed expires. */
  signing_keys: {
    kid: string;
    private_jwk: string;
    public_jwk: string;
    created_at: string;
    /** Epoch seconds from which the key signs (later than creation for a rotated-in key). */
    active_from: number;
    /** Epoch seconds from which it no longer signs; null while it is the newest. */
    retired_at: number | null;
  };
}

export type StudentRow = AuthTables['students'];
export type TeacherRow = AuthTables['teachers'];
export type ParentRow = AuthTables['parents'];
