/**
 * Accounts (spec §2.1): pure rules, no I/O. The use cases in commands.ts load, decide here, and save.
 */
import type { Role } from '../contracts/accounts.ts';

/**
 * Whether a student is linked to a parent, and whether the student was told about the current state yet.
 * `GET /v1/students/uuid/:uuid` shows the state once (CONNECTED / UN_CONNECTED), then '' (spec §2.1).
 */
export type ParentStatus = 'NOT_CONN_NOT_NOTIFY' | 'NOT_CONN_OK_NOTIFY' | 'OK_CONN_NOT_NOTIFY' | 'OK_CONN_OK_NOTIFY';

export const UNLINKED: ParentStatus = 'NOT_CONN_NOT_NOTIFY';
export const LINKED: ParentStatus = 'OK_CONN_NOT_NOTIFY';

/** What the student is shown now, and the status to keep once they have seen it. */
export function showParentStatus(status: ParentStatus): {
  shown: 'CONNECTED' | 'UN_CONNECTED' | '';
  next: ParentStatus;
} {
  switch (status) {
    case 'NOT_CONN_NOT_NOTIFY':
      return { shown: 'UN_CONNECTED', next: 'NOT_CONN_OK_NOTIFY' };
    case 'OK_CONN_NOT_NOTIFY':
      return { shown: 'CONNECTED', next: 'OK_CONN_OK_NOTIFY' };
    default:
      return { shown: '', next: status };
  }
}

/** A new account uuid: its kind and 12 digits from `digit` (crypto-random in the service, fixed in tests). */
export function accountUuid(role: Role, digit: () => number): string {
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(digit());
  return `${role}-${digits}`;
}

/** A seat in the school: where parents' declared children and unsigned students are matched. */
export interface Seat {
  grade: number;
  group: number;
  student_number: number;
  name: string;
}

export function sameSeat(a: Seat, b: Seat): boolean {
  return a.grade === b.grade && a.group === b.group && a.student_number === b.student_number && a.name === b.name;
}

/** Teachers share a homeroom only when both grade and class are set; 0 means no homeroom class. */
export function hasHomeroom(teacher: { grade: number; group: number }): boolean {
  return teacher.grade !== 0 && teacher.group !== 0;
}

/**
 * Why a sign-in fails. An unknown id and a wrong password are one refusal: telling them apart (as the seed
 * did, -401/-402) tells anyone which ids exist.
 */
export type LoginRefusal = 'bad-credentials' | 'not-certified';

/**
 * The password first, then (teachers) certification: only someone who knows the password learns that the
 * account exists and waits for an admin. The seed checked certification before the password (spec #14),
 * which answered "not certified" to anyone who guessed a teacher's id.
 */
export function loginRefusal(
  account: { certified?: boolean } | undefined,
  passwordMatches: boolean,
): LoginRefusal | undefined {
  if (!account || !passwordMatches) return 'bad-credentials';
  if (account.certified === false) return 'not-certified';
  return undefined;
}

/**
 * Whether a caller may see a student's private fields (phone number, parent link): the student, their
 * parents (`childrenOfCaller`, the caller's children when the caller is a parent) and the school's staff.
 * Anyone else signed in sees what the school shows every member: name, class, number and photo.
 */
export function seesPrivateFields(
  caller: { uuid: string; role: Role },
  studentUuid: string,
  childrenOfCaller: ReadonlySet<string>,
): boolean {
  switch (caller.role) {
    case 'teacher':
    case 'admin':
      return true;
    case 'student':
      return caller.uuid === studentUuid;
    case 'parent':
      return childrenOfCaller.has(studentUuid);
  }
}
