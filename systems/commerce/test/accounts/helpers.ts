import type { TestSystem } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { Envelope } from '../../contracts/envelope.ts';

export interface SignedIn {
  access: string;
  /** The refresh cookie as a `Cookie` header value (`refreshToken=…`). */
  cookie: string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The `refreshToken=…` pair of a Set-Cookie header, as a browser would send it back. */
export function cookieOf(headers: Headers): string {
  const set = headers.get('set-cookie') ?? '';
  expect(set).toMatch(/HttpOnly/);
  return set.split(';')[0]!;
}

let counter = 0;
/** A fresh user's sign-up body (unique e-mail per call, valid by the seed's rules). */
export function newUser(name = 'user') {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return { name, email: `${name}-${tag}@benefits.com`, password: 'Passw0rd!', phone: '01012345678' };
}

export async function signUp(
  s: TestSystem,
  body = newUser(),
): Promise<{ id: number; email: string; password: string }> {
  const created = await s.http.post<Envelope<{ id: number }>>('/user-service/open-api/users', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.data?.id ?? 0, email: body.email, password: body.password };
}

export async function logIn(s: TestSystem, path: string, email: string, password: string): Promise<SignedIn> {
  const answer = await s.http.post<{ access_token: string; expired_at: string }>(path, { email, password });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { access: answer.body.access_token, cookie: cookieOf(answer.headers) };
}

export const address = (n: number) => ({
  receiver: `받는이${n}`,
  address1: '서울시 강남구',
  address2: `${n}층`,
  zipcode: '06236',
  phone: '01098765432',
  receive_type: 'DOOR',
  receive_message: '문 앞에 두세요',
});

/** A token with its payload edited and its signature kept (what a tamperer can do without the key). */
export function withClaims(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...change };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
