import { BreakerOpenError, CallError, type ServiceClient, wholeSeconds } from '@mosaic/kit/calls';
import { SchoolError } from '../contracts/envelope.ts';
import { type Caller, identityHeaders } from '../contracts/identity.ts';

/** Lookups in auth and club answer from one table each; a list must not wait long on them. */
export const LOOKUP_TIMEOUT_MS = 1_500;
export const LOOKUP_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };

/** Where a student sits: what school announcements are targeted by. */
export interface Placement {
  grade: number;
  group: number;
}

/**
 * A student's grade and class, or undefined when auth knows no such student. Asked through
 * `POST /v1/students/with-uuids`, which has no side effect (the single-student GET spends the student's
 * one-shot parent-status notice).
 */
export async function placementOf(auth: ServiceClient, caller: Caller, studentUuid: string) {
  const response = await upstream('auth', () =>
    auth.request({
      method: 'POST',
      path: '/v1/students/with-uuids',
      headers: identityHeaders(caller),
      body: { student_uuids: [studentUuid] },
      idempotent: true,
    }),
  );
  if (response.status === 409 || response.status === 404) return undefined;
  expectOk('auth', response.status);
  const [student] = response.json<{ students: { grade: number; group: number }[] }>().students;
  return student ? ({ grade: student.grade, group: student.group } satisfies Placement) : undefined;
}

/** The name of a teacher or parent account, or undefined when auth does not know it. */
export async function accountName(auth: ServiceClient, caller: Caller, kind: 'teacher' | 'parent', uuid: string) {
  const response = await upstream('auth', () =>
    auth.request({ method: 'GET', path: `/v1/${kind}s/uuid/${uuid}`, headers: identityHeaders(caller) }),
  );
  if (response.status === 404) return undefined;
  expectOk('auth', response.status);
  return response.json<{ name: string }>().name;
}

/** The club this student leads, with its name, or undefined when they lead none. */
export async function clubLedBy(club: ServiceClient, caller: Caller) {
  const headers = identityHeaders(caller);
  const led = await upstream('club', () =>
    club.request({ method: 'GET', path: `/v1/leaders/uuid/${caller.uuid}/club-uuid`, headers }),
  );
  if (led.status === 409 || led.status === 404) return undefined;
  expectOk('club', led.status);
  const clubUuid = led.json<{ club_uuid: string }>().club_uuid;
  const found = await upstream('club', () =>
    club.request({ method: 'GET', path: `/v1/clubs/uuid/${clubUuid}`, headers }),
  );
  if (found.status === 404) return undefined;
  expectOk('club', found.status);
  return { clubUuid, name: found.json<{ name: string }>().name };
}

/** A service this one depends on gave no usable answer: 503 with Retry-After, the seed's -1000 code. */
export class DependencyUnavailable extends SchoolError {
  constructor(service: string, why: string, retryAfterSec: number) {
    super(
      503,
      -1000,
      `the ${service} service ${why}, so this cannot be answered now; try again in ${retryAfterSec} s`,
      {
        retryAfterSec,
      },
    );
  }
}

async function upstream<T>(service: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    if (error instanceof BreakerOpenError) {
      throw new DependencyUnavailable(service, 'is failing', wholeSeconds(error.retryAfterMs));
    }
    throw new DependencyUnavailable(
      service,
      error.code === 'UPSTREAM_TIMEOUT' ? 'did not answer in time' : 'is down',
      5,
    );
  }
}

function expectOk(service: string, status: number) {
  if (status !== 200) throw new DependencyUnavailable(service, `answered ${status}`, 5);
}
