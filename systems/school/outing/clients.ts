import { CallError, retryAfterSecOf, type ServiceClient } from '@mosaic/kit/calls';
import type { StudentInform } from '../contracts/accounts.ts';
import { type ClubFloorMembers, clubFloorMembersPath } from '../contracts/clubs.ts';
import { unavailable } from '../contracts/envelope.ts';
import { type Caller, identityHeaders } from '../contracts/identity.ts';

/** Auth answers lookups fast; a caller waits at most this long before the route answers 503. */
export const AUTH_TIMEOUT_MS = 1500;
export const AUTH_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };
export const CLUB_TIMEOUT_MS = 1500;
export const CLUB_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };

/**
 * Outing asks auth (and club) on behalf of its caller: the caller's identity travels with the call, so auth
 * applies its own rules. Only the routes that need the answer fail (503 with Retry-After) when it cannot
 * be had; creating, approving, starting and ending outings never call out.
 */
async function call<T>(client: ServiceClient, what: string, send: () => ReturnType<ServiceClient['request']>) {
  try {
    const response = await send();
    if (response.status >= 500)
      throw unavailable(`${client.service} could not ${what} (it answered ${response.status}); try again shortly`);
    return { status: response.status, body: response.json<T & { code?: number }>() };
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    const retryAfterSec = retryAfterSecOf(error, 5);
    throw unavailable(
      `${client.service} is unavailable, so outing could not ${what}; try again in ${retryAfterSec} s`,
      retryAfterSec,
    );
  }
}

/** Whether the student has a parent linked (auth answers 409 code 0 when not). */
export async function hasParent(auth: ServiceClient, student: Caller): Promise<boolean> {
  const { status } = await call(auth, 'look up the student’s parent', () =>
    auth.getJson(`/v1/students/uuid/${student.uuid}/parent`, { headers: identityHeaders(student) }),
  );
  if (status === 200) return true;
  if (status === 409 || status === 404) return false;
  throw unavailable(`auth refused to say whether ${student.uuid} has a parent (status ${status})`);
}

/** The uuids of a parent's children, asked as the parent (auth lets a parent list only their own). */
export async function childrenOf(auth: ServiceClient, parent: Caller): Promise<string[]> {
  const { status, body } = await call<{ children: StudentInform[] }>(auth, 'list the parent’s children', () =>
    auth.getJson(`/v1/parents/uuid/${parent.uuid}/children`, { headers: identityHeaders(parent) }),
  );
  if (status === 200) return body.children.map((c) => c.student_uuid);
  throw unavailable(`auth refused to list the children of ${parent.uuid} (status ${status})`);
}

/** Name, class and photo of students, by uuid (unknown uuids are left out). */
export async function studentsByUuid(
  auth: ServiceClient,
  caller: Caller,
  uuids: readonly string[],
): Promise<Map<string, StudentInform>> {
  const unique = [...new Set(uuids)];
  if (unique.length === 0) return new Map();
  const { status, body } = await call<{ students: StudentInform[] }>(auth, 'read the students’ names and classes', () =>
    auth.postJson(
      '/v1/students/with-uuids',
      { student_uuids: unique },
      { headers: identityHeaders(caller), idempotent: true },
    ),
  );
  if (status !== 200) {
    // One unknown uuid fails the whole lookup (-601): ask one by one so the others still get their names.
    if (status === 409 && unique.length > 1) {
      const found = new Map<string, StudentInform>();
      for (const uuid of unique) for (const [k, v] of await studentsByUuid(auth, caller, [uuid])) found.set(k, v);
      return found;
    }
    return new Map();
  }
  return new Map(body.students.map((s) => [s.student_uuid, s]));
}

/** The students of a grade (and class, when not 0). */
export async function studentsOfClass(
  auth: ServiceClient,
  caller: Caller,
  grade: number,
  group: number,
): Promise<string[]> {
  const query = new URLSearchParams({ grade: String(grade), ...(group ? { group: String(group) } : {}) });
  const { status, body } = await call<{ student_uuids: string[] }>(auth, 'list the students of the class', () =>
    auth.getJson(`/v1/student-uuids?${query}`, { headers: identityHeaders(caller) }),
  );
  return status === 200 ? body.student_uuids : [];
}

/** Members of the clubs on a floor (club service, see contracts/clubs.ts). */
export async function membersOnFloor(club: ServiceClient, caller: Caller, floor: number): Promise<string[]> {
  const { status, body } = await call<ClubFloorMembers>(club, 'list the club members of the floor', () =>
    club.getJson(clubFloorMembersPath(floor), { headers: identityHeaders(caller) }),
  );
  if (status === 200) return body.student_uuids;
  throw unavailable(`club could not list the members of floor ${floor} (status ${status})`);
}
