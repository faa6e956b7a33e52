import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, expect, it } from 'vitest';
import type { Envelope, SignedIn } from './envelopes.ts';
import { ADMIN_PASSWORD, testSchool } from './school-fixtures.ts';

// On disk, as `npm start` keeps it: the point is what a restart finds there.
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-logout-restart-'));
let school: TestSystem | undefined;
const previousPassword = process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD;
afterAll(async () => {
  await school?.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (previousPassword === undefined) delete process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD;
  else process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD = previousPassword;
});

const start = () => startTestSystem(testSchool(), { dataDir });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Two starts of the whole school on disk: longer than one test's usual minute on a busy machine.
it('still refuses a logged-out token after the embedded school restarts on the same data directory', {
  timeout: 180_000,
}, async () => {
  process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD = ADMIN_PASSWORD;
  school = await start();
  const signIn = async () => {
    const response = await school!.http.post<SignedIn>('/v1/login/admin', {
      admin_id: 'admin',
      admin_pw: ADMIN_PASSWORD,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.access_token;
  };
  const loggedOut = await signIn();
  const kept = await signIn();
  expect((await school.http.post('/v1/logout', {}, bearer(loggedOut))).status).toBe(200);
  expect((await school.http.get('/v1/notifications', bearer(loggedOut))).status).toBe(401);

  await school.close();
  school = await start();

  const refused = await school.http.get<Envelope>('/v1/notifications', bearer(loggedOut));
  expect(refused.status).toBe(401);
  expect(refused.body.message).toContain('revoked');
  // The other token of the same admin still works: the refusal is the logout's, not lost signing keys.
  expect((await school.http.get('/v1/notifications', bearer(kept))).status).toBe(200);
});
