import type { JsonResponse } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { Envelope, UuidEnvelope } from './envelopes.ts';
import { type Account, PNG, type School, testClock } from './school-fixtures.ts';

/**
 * A hand-set Korea-time clock that, like a real one, never reads the same instant twice: each read is a
 * millisecond after the last, so "most recent first" has a meaning between two writes of one test.
 */
export function tickingClock(date: string, time: string) {
  const base = testClock(date, time);
  let ticks = 0;
  return {
    clock: () => new Date(base.now() * 1000 + ++ticks),
    set(d: string, t: string) {
      base.set(d, t);
      ticks = 0;
    },
  };
}

/** A multipart form through the gateway with any method (PATCH included), as the holder of `token`. */
export async function sendForm<T = unknown>(s: School, method: string, path: string, form: FormData, token?: string) {
  const response = await fetch(`${s.system.gatewayUrl}${path}`, {
    method,
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T } satisfies JsonResponse<T>;
}

/** A 1×1 GIF: a second real image, to tell a replaced logo from the first. */
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
export { PNG };

/** The seed's envelope, with the status repeated in the body and the code when one is expected. */
export function expectEnvelope(response: JsonResponse, status: number, code?: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status, code: expect.any(Number), message: expect.any(String) });
  // Matched just above: an envelope.
  const body = response.body as Envelope;
  expect(body.message.length).toBeGreaterThan(0);
  if (code !== undefined) expect(body.code, body.message).toBe(code);
}

export interface ClubFields {
  name: string;
  leader_uuid: string;
  member_uuids: string;
  field: string;
  location: string;
  floor: number | string;
}

let clubSerial = 0;

/** A club's form, unique name and location, with `logo` as its image (none when undefined). */
export function clubForm(
  leader: string,
  members: readonly string[],
  overrides: Partial<ClubFields> = {},
  logo: Buffer | undefined = PNG,
) {
  clubSerial++;
  const fields: ClubFields = {
    name: `동아리${clubSerial}`,
    leader_uuid: leader,
    member_uuids: [leader, ...members.filter((m) => m !== leader)].join('|'),
    field: 'SW',
    location: `실습실${clubSerial}`,
    floor: 2,
    ...overrides,
  };
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, String(value));
  if (logo) form.set('logo', new Blob([logo], { type: 'image/png' }), 'logo.png');
  return form;
}

/** Creates a club as the admin and returns its uuid. */
export async function newClub(s: School, leader: Account, members: readonly Account[] = [], overrides = {}) {
  const created = await s.upload<UuidEnvelope<'club_uuid'>>(
    'POST',
    '/v1/clubs',
    clubForm(
      leader.uuid,
      members.map((m) => m.uuid),
      overrides,
    ),
    s.adminToken,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.club_uuid;
}

/** Opens a recruitment as `who` (a token) and returns its uuid. */
export async function newRecruitment(s: School, token: string, clubUuid: string, overrides: object = {}) {
  const opened = await s.as(token).post<UuidEnvelope<'recruitment_uuid'>>('/v1/recruitments', {
    club_uuid: clubUuid,
    recruit_concept: '함께 할 1학년',
    members: [{ grade: 1, field: 'SW', number: 2 }],
    ...overrides,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return opened.body.recruitment_uuid;
}

/** Who calls in a role matrix: no token, an ordinary student, the leader of the club at hand, and the rest. */
export type Who = 'anonymous' | 'student' | 'leader' | 'teacher' | 'parent' | 'admin';
export const EVERYONE: readonly Who[] = ['anonymous', 'student', 'leader', 'teacher', 'parent', 'admin'];

/** The status expected, or the status and the envelope's code. */
export type Expected = number | readonly [status: number, code: number];

export interface MatrixRow {
  method: string;
  /** The route as the spec writes it, for the test's name. */
  route: string;
  /** What tells two rows of one route apart, e.g. `type club`. */
  label?: string;
  /** The concrete path, computed per call (a row may need a fresh resource each time). */
  path: (who: Who) => string | Promise<string>;
  /** A JSON body, or a multipart form. */
  body?: (who: Who) => unknown;
  expect: Readonly<Record<Who, Expected>>;
}

export const rowName = (row: MatrixRow) => `${row.method} ${row.route}${row.label ? ` (${row.label})` : ''}`;

/** Calls one row as every caller; answers the mismatches (status, code, or an error body that is no envelope). */
export async function roleMismatches(
  s: School,
  tokens: Readonly<Record<Who, string | undefined>>,
  row: MatrixRow,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const who of EVERYONE) {
    const token = tokens[who];
    const path = await row.path(who);
    const body = row.body?.(who);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${s.system.gatewayUrl}${path}`, {
      method: row.method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    const expected = row.expect[who];
    const [status, code] = typeof expected === 'number' ? [expected, undefined] : expected;
    let parsed: { status?: unknown; code?: unknown; message?: unknown } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Whatever a row expects: 401 says "who are you?", which is never the answer to a caller with a token.
    if (token && response.status === 401) wrong.push(`${who}: 401 to a signed-in caller (a wrong role is 403)`);
    if (response.status !== status) wrong.push(`${who}: ${response.status} (expected ${status}) ${text.slice(0, 160)}`);
    else if (code !== undefined && parsed?.code !== code) wrong.push(`${who}: code ${parsed?.code} (expected ${code})`);
    if (response.status >= 400) {
      const envelope =
        parsed?.status === response.status && typeof parsed.code === 'number' && typeof parsed.message === 'string';
      if (!envelope) wrong.push(`${who}: the ${response.status} body is not an envelope: ${text.slice(0, 160)}`);
    }
  }
  return wrong;
}
