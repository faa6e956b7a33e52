import type { SystemDefinition } from '@mosaic/kit/runtime';
import { type JsonResponse, startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { Role } from '../contracts/accounts.ts';
import { kstTime } from '../contracts/clock.ts';
import { school } from '../system.ts';
import type { SignedIn, UuidEnvelope } from './envelopes.ts';

export const ADMIN_PASSWORD = 'admin-pass-1234';

/** A 1×1 PNG: the smallest real image the profile upload accepts. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A clock tests move by hand, in Korea time. */
export function testClock(date = '2026-03-10', time = '09:00') {
  let now = kstTime(date, time);
  return {
    clock: () => new Date(now * 1000),
    set(d: string, t: string) {
      now = kstTime(d, t);
    },
    now: () => now,
    advance(seconds: number) {
      now += seconds;
    },
  };
}

/**
 * The school as the tests run it: the real definition with the per-IP limit raised, since every test request
 * comes from 127.0.0.1 (the limit itself has its own test with the real numbers).
 */
export function testSchool(definition: SystemDefinition = school): SystemDefinition {
  return {
    ...definition,
    gateway: {
      ...definition.gateway,
      limits: { ...definition.gateway.limits, perIp: { max: 100_000, windowMs: 1000, blockMs: 1000 } },
    },
  };
}

export interface School {
  system: TestSystem;
  http: TestSystem['http'];
  /** Calls the gateway with a bearer token. */
  as(token: string): ReturnType<typeof authed>;
  /** Multipart POST/PUT through the gateway. */
  upload<T = unknown>(method: 'POST' | 'PUT', path: string, form: FormData, token?: string): Promise<JsonResponse<T>>;
  adminToken: string;
  login(role: Role, id: string, password: string): Promise<{ token: string; uuid: string }>;
  newTeacher(overrides?: Partial<TeacherInput>): Promise<Account>;
  newStudent(overrides?: Partial<StudentInput>): Promise<Account>;
  newParent(children: ChildInput[], overrides?: Partial<{ name: string; phone_number: string }>): Promise<Account>;
  close(): Promise<void>;
}

export interface Account {
  uuid: string;
  id: string;
  password: string;
  token: string;
}

interface TeacherInput {
  grade: number;
  group: number;
  name: string;
  phone_number: string;
}

export interface StudentInput {
  grade: number;
  group: number;
  student_number: number;
  name: string;
  phone_number: string;
  parent_uuid: string;
}

interface ChildInput {
  grade: number;
  group: number;
  student_number: number;
  name: string;
}

let sequence = 0;
/** Distinct ids, phones and seats across every test of a file. */
export function next() {
  sequence++;
  return sequence;
}

export const phone = (n: number) => `010${String(10_000_000 + n).slice(-8)}`;
const HANGUL = '가나다라마바사아자차카타파하';
export const koreanName = (n: number) => `김${HANGUL[n % 14]}${HANGUL[Math.floor(n / 14) % 14]}`;
/** A free seat: grade, class and number from a running counter. */
export const seat = (n: number) => ({
  grade: 1 + (n % 3),
  group: 1 + (Math.floor(n / 3) % 4),
  student_number: 1 + (Math.floor(n / 12) % 21),
});

function authed(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    // The test's word for the shape, not a check: its assertions are the check.
    return { status: response.status, headers: response.headers, body: parsed as T };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body: unknown = {}) => call<T>('POST', path, body),
    put: <T = unknown>(path: string, body: unknown = {}) => call<T>('PUT', path, body),
    patch: <T = unknown>(path: string, body: unknown = {}) => call<T>('PATCH', path, body),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
    raw: (path: string, init: RequestInit = {}) =>
      fetch(`${baseUrl}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } }),
  };
}

export async function startSchool(
  options: { clock?: () => Date; definition?: SystemDefinition } = {},
): Promise<School> {
  process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD = ADMIN_PASSWORD;
  const system = await startTestSystem(
    options.definition ?? testSchool(),
    options.clock ? { clock: options.clock } : {},
  );
  const { http } = system;
  const base = system.gatewayUrl;

  const login = async (role: Role, id: string, password: string) => {
    const response = await http.post<SignedIn>(`/v1/login/${role}`, { [`${role}_id`]: id, [`${role}_pw`]: password });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { token: response.body.access_token, uuid: response.body[`${role}_uuid` as const] };
  };
  const adminToken = (await login('admin', 'admin', ADMIN_PASSWORD)).token;
  const admin = authed(base, adminToken);

  const upload = async <T = unknown>(method: 'POST' | 'PUT', path: string, form: FormData, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: body as T } satisfies JsonResponse<T>;
  };

  return {
    system,
    http,
    as: (token) => authed(base, token),
    upload,
    adminToken,
    login,
    async newTeacher(overrides = {}) {
      const n = next();
      const id = `teacher${n}`;
      const password = `pw-teacher-${n}`;
      const created = await http.post<UuidEnvelope<'teacher_uuid'>>('/v1/teachers', {
        teacher_id: id,
        teacher_pw: password,
        grade: 0,
        group: 0,
        name: koreanName(n),
        phone_number: phone(5000 + n),
        ...overrides,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const uuid = created.body.teacher_uuid;
      expect((await admin.post(`/v1/teachers/uuid/${uuid}/certify`)).status).toBe(200);
      return { uuid, id, password, token: (await login('teacher', id, password)).token };
    },
    async newStudent(overrides = {}) {
      const n = next();
      const id = `student${n}`;
      const password = `pw-student-${n}`;
      const fields: Record<string, string | number> = {
        student_id: id,
        student_pw: password,
        ...seat(n),
        name: koreanName(n),
        phone_number: phone(n),
        ...overrides,
      };
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
      form.set('profile', new Blob([PNG], { type: 'image/png' }), 'me.png');
      const created = await upload<UuidEnvelope<'student_uuid'>>('POST', '/v1/students', form, adminToken);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const uuid = created.body.student_uuid;
      return { uuid, id, password, token: (await login('student', id, password)).token };
    },
    async newParent(children, overrides = {}) {
      const n = next();
      const id = `parent${n}`;
      const password = `pw-parent-${n}`;
      const created = await admin.post<UuidEnvelope<'parent_uuid'>>('/v1/parents', {
        parent_id: id,
        parent_pw: password,
        name: koreanName(n),
        phone_number: phone(9000 + n),
        children,
        ...overrides,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const uuid = created.body.parent_uuid;
      return { uuid, id, password, token: (await login('parent', id, password)).token };
    },
    close: () => system.close(),
  };
}
