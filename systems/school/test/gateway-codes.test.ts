import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../contracts/accounts.ts';
import type { Refusal } from './envelopes.ts';
import { expectEnvelope } from './school-campus-fixtures.ts';
import { type School, startSchool } from './school-fixtures.ts';

/**
 * The gateway's own refusals in the school's envelope, with the seed's codes (spec §0 COMMON): the kit hands
 * the school a reason, the school numbers it.
 */
let s: School;
beforeAll(async () => {
  s = await startSchool();
});
afterAll(() => s?.close());

const call = (authorization?: string) =>
  s.http.get('/v1/notifications', authorization === undefined ? {} : { authorization });

describe('gateway refusals carry the seed codes', () => {
  it('-101 without a token, -102 for a malformed header or a token that is no JWT, -106 for another scheme', async () => {
    expectEnvelope(await call(), 401, -101);
    expectEnvelope(await call('Bearer'), 401, -102);
    expectEnvelope(await call('Bearer not-a-jwt'), 401, -102);
    expectEnvelope(await call('Basic dXNlcjpwdw=='), 401, -106);
  });

  it('-103 for a token signed with a key the school never published', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged-key' })
      .setSubject('admin-000000000001')
      .setJti('forged-token')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expectEnvelope(await call(`Bearer ${forged}`), 401, -103);
  });

  it('-104 for a token revoked by logging out (the seed had no logout; it is signed in again like an expired one)', async () => {
    const student = await s.newStudent();
    expect((await s.as(student.token).post('/v1/logout')).status).toBe(200);
    const revoked = await s.as(student.token).get<Refusal>(`/v1/students/uuid/${student.uuid}`);
    expectEnvelope(revoked, 401, -104);
    expect(revoked.body.message).toContain('revoked');
  });

  it('-203 naming the field for a request the route schema refuses', async () => {
    const student = await s.newStudent();
    const refused = await s.as(student.token).get<Refusal>('/v1/students/uuid/not-a-uuid');
    expectEnvelope(refused, 400, -203);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: expect.stringContaining('student_uuid') })]);
  });

  it("a role the gateway refuses is the seed's 403 code 0 on auth's routes, as auth answered it", async () => {
    const student = await s.newStudent();
    expectEnvelope(await s.as(student.token).get('/v1/notifications'), 403, 0);
  });
});
