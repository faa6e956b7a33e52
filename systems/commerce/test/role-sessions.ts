import type { TestSystem } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { Envelope } from '../contracts/envelope.ts';
import type { Role } from '../contracts/identity.ts';
import { FIRST_SUPERVISOR_EMAIL } from '../supervisor/service.ts';
import { bearer, logIn, newUser, type SignedIn, signUp } from './accounts/helpers.ts';
// Imported for its side effect too: it sets the supervisor's first password before the shop starts.
import { SUPERVISOR_PASSWORD } from './accounts/test-system.ts';

/** Where each role signs in through the gateway (spec §3). */
export const LOGIN_PATH: Readonly<Record<Role, string>> = {
  USER: '/user-service/open-api/login',
  SELLER: '/seller-service/login',
  SUPERVISOR: '/supervisor-service/login',
};

/** One real account per role, able to sign in again for a session of its own. */
export interface RoleAccounts {
  /** A new session (access token and refresh cookie) of that role's account, from its login route. */
  signIn(role: Role): Promise<SignedIn>;
}

/**
 * A USER who signed up, a SELLER the supervisor created, and the first SUPERVISOR, each able to log in
 * through the gateway: real tokens from the real issuers, nothing minted by the test.
 */
export async function roleAccounts(s: TestSystem): Promise<RoleAccounts> {
  const user = await signUp(s);
  const supervisor = { email: FIRST_SUPERVISOR_EMAIL, password: SUPERVISOR_PASSWORD };
  const boss = await logIn(s, LOGIN_PATH.SUPERVISOR, supervisor.email, supervisor.password);
  const body = { ...newUser('seller'), name: '판매자' };
  const created = await s.http.post<Envelope<{ id: number }>>(
    '/seller-service/auth-super/sellers',
    body,
    bearer(boss.access),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const credentials = { USER: user, SELLER: body, SUPERVISOR: supervisor };
  return { signIn: (role) => logIn(s, LOGIN_PATH[role], credentials[role].email, credentials[role].password) };
}
