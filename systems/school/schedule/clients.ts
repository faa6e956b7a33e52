import { CallError, retryAfterSecOf, type ServiceClient } from '@mosaic/kit/calls';
import { SchoolError } from '../contracts/envelope.ts';
import { type Caller, identityHeaders } from '../contracts/identity.ts';

/** Auth answers a lookup from one table; a timetable should not wait long on it. */
export const AUTH_TIMEOUT_MS = 1_500;
export const AUTH_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };

/**
 * A student's grade and class, or undefined when auth knows no such student. Asked through
 * `POST /v1/students/with-uuids`, which has no side effect (the single-student GET spends the student's
 * one-shot parent-status notice).
 */
export async function placementOf(auth: ServiceClient, caller: Caller, studentUuid: string) {
  let response: Awaited<ReturnType<ServiceClient['request']>>;
  try {
    response = await auth.request({
      method: 'POST',
      path: '/v1/students/with-uuids',
      headers: identityHeaders(caller),
      body: { student_uuids: [studentUuid] },
      idempotent: true,
    });
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    const retryAfterSec = retryAfterSecOf(error, 5);
    throw new AuthUnavailable(error.code === 'UPSTREAM_TIMEOUT' ? 'did not answer in time' : 'is down', retryAfterSec);
  }
  if (response.status === 409 || response.status === 404) return undefined;
  if (response.status !== 200) throw new AuthUnavailable(`answered ${response.status}`, 5);
  const [student] = response.json<{ students: { grade: number; group: number }[] }>().students;
  return student ? { grade: student.grade, group: student.group } : undefined;
}

/** The seed answered auth lookup failures with 503 (spec §1.4); the calendar never needs auth. */
export class AuthUnavailable extends SchoolError {
  constructor(why: string, retryAfterSec: number) {
    super(503, 0, `the auth service ${why}, so your class is unknown for now; try again in ${retryAfterSec} s`, {
      retryAfterSec,
    });
  }
}
