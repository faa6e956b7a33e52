import { CallError, retryAfterSecOf, type ServiceClient, UpstreamTimeoutError } from '@mosaic/kit/calls';
import { fail, SchoolError } from '../contracts/envelope.ts';
import { type Caller, identityHeaders } from '../contracts/identity.ts';

/** Auth answers lookups from its own tables: 2 s is generous, and a club write must not hang on it. */
export const AUTH_TIMEOUT_MS = 2_000;
/** The seed's per-node breaker opened after 5 errors; we give auth 10 s before trying again. */
export const AUTH_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };

/**
 * Whether every uuid is a student auth knows. Asked as the caller (auth's lookups want a signed-in account)
 * through `POST /v1/students/with-uuids`, which has no side effect: `GET /v1/students/uuid/:uuid` would
 * spend the student's one-shot parent-status notice.
 */
export async function studentsExist(auth: ServiceClient, caller: Caller, uuids: readonly string[]): Promise<boolean> {
  const response = await callAuth(() =>
    auth.request({
      method: 'POST',
      path: '/v1/students/with-uuids',
      headers: identityHeaders(caller),
      body: { student_uuids: uuids },
      idempotent: true,
    }),
  );
  if (response.status === 200) return true;
  if (response.status === 409 || response.status === 404) return false;
  throw fail(502, 0, `auth answered ${response.status} when asked about students; try again shortly`);
}

/**
 * Turns "auth gave no answer" into the seed's answers: 408 when it was too slow, 503 (with Retry-After)
 * when it is down or resting behind an open breaker. Only the routes that need auth see these.
 */
async function callAuth<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    if (error instanceof UpstreamTimeoutError) {
      throw fail(408, 0, 'the auth service did not answer in time, so the students could not be checked; try again');
    }
    const retryAfterSec = retryAfterSecOf(error, 5);
    throw new AuthUnavailable(retryAfterSec);
  }
}

class AuthUnavailable extends SchoolError {
  constructor(retryAfterSec: number) {
    super(
      503,
      0,
      `the auth service is unavailable, so the students could not be checked; try again in ${retryAfterSec} s`,
      { retryAfterSec },
    );
  }
}
