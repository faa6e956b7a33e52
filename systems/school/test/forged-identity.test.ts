import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN } from '../contracts/accounts.ts';
import { type School, startSchool } from './school-fixtures.ts';

/**
 * Straight to a service's port, past the gateway: made-up identity headers name nobody (issue: the admin's
 * notifications were served to `x-mosaic-subject: admin-…` with no token at all).
 */
let s: School;
beforeAll(async () => {
  s = await startSchool();
});
afterAll(() => s?.close());

it('answers a request to a service with forged identity headers as it answers an anonymous one', async () => {
  const auth = s.system.service('auth').url;
  const forged = await fetch(`${auth}/v1/notifications`, {
    headers: { 'x-mosaic-subject': BOOTSTRAP_ADMIN.uuid, 'x-mosaic-role': 'admin' },
  });
  expect(forged.status).toBe(401);
  const vouched = await fetch(`${auth}/v1/notifications`, {
    headers: s.system.vouchedHeaders({ sub: BOOTSTRAP_ADMIN.uuid, role: 'admin' }),
  });
  expect(vouched.status).toBe(200);
});
