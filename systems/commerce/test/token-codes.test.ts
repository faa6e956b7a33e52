import { createTokenIssuer, type SigningKeyTables } from '@mosaic/kit/auth';
import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, issuerName } from '../accounts/tokens.ts';
import type { Envelope } from '../contracts/envelope.ts';
import { GATEWAY_TOKEN_CODES, type TokenCode } from '../contracts/token-codes.ts';
import { commerce } from '../system.ts';
import { bearer, logIn, type SignedIn, signUp, withClaims } from './accounts/helpers.ts';
import { LOGIN_PATH } from './role-sessions.ts';

const SUPER_ROUTE = '/user-service/auth-super/users';
const RESTORE = '/user-service/auth-user/restore';

/**
 * The gateway's refusals of a token, through the whole shop, in the seed gateway's words (spec §2): HTTP 401,
 * result_code 401, "Unauthorized", `코드(<code>) - <message>: <what the kit says>`, the code in `data.token_code`.
 * The accounts suite proves these tokens are refused; here each refusal carries the code that means it.
 */
describe("the gateway's token codes, through the shop's gateway", () => {
  let s: TestSystem;
  let me: { id: number; email: string; password: string };
  let session: SignedIn;
  let own: string;

  beforeAll(async () => {
    s = await startTestSystem(commerce);
    me = await signUp(s);
    session = await logIn(s, LOGIN_PATH.USER, me.email, me.password);
    own = `/user-service/auth-user/users/${me.id}`;
    expect((await s.http.get(own, bearer(session.access))).status).toBe(200);
  }, 60_000);
  afterAll(() => s?.close());

  /** Calls `path` with `headers` and checks the refusal says `code` the seed's way. */
  async function refusedWith(path: string, headers: Record<string, string>, code: TokenCode) {
    const answer = await s.http.get<Envelope<{ token_code: number }>>(path, headers);
    expect(answer.status, JSON.stringify(answer.body)).toBe(401);
    const { result, data } = answer.body;
    expect(result.result_code).toBe(401);
    expect(result.result_message).toBe('Unauthorized');
    expect(result.result_description.startsWith(`코드(${code}) - ${GATEWAY_TOKEN_CODES[code].message}: `)).toBe(true);
    expect(data).toEqual({ token_code: code });
  }

  /** A token signed with user's own key (read from its database), as only a thief of that key could. */
  async function signedWithUsersKey(issuer: string, role: string, lifetimeSec: number) {
    const { db } = await s.runtime.database('commerce', 'user');
    const issuerOfUser = createTokenIssuer(db as Kysely<SigningKeyTables>, {
      issuer,
      audience: AUDIENCE,
      lifetimeSec: () => lifetimeSec,
      longestLifetimeSec: 600,
    });
    return (await issuerOfUser.issue(String(me.id), role, { email: me.email })).token;
  }

  it('answers 4000 without an Authorization header, the kit’s words after the seed’s', async () => {
    await refusedWith(own, {}, 4000);
    const answer = await s.http.get<Envelope>(own);
    expect(answer.body.result.result_description).toMatch(/^코드\(4000\) - 인증 헤더 토큰 없음: .*Authorization/);
  });

  it('answers 4001 for a token with one byte of its signature changed', async () => {
    const [header, payload, signature] = session.access.split('.');
    const bytes = Buffer.from(signature!, 'base64url');
    bytes[10]! ^= 0x01;
    await refusedWith(own, bearer([header, payload, bytes.toString('base64url')].join('.')), 4001);
  });

  it('answers 4001, not 403 or 200, for a USER token whose role claim was changed to SUPERVISOR', async () => {
    await refusedWith(SUPER_ROUTE, bearer(withClaims(session.access, { role: 'SUPERVISOR' })), 4001);
  });

  it("answers 4005 for a SUPERVISOR token signed with user's key under user's name, 4001 under supervisor's", async () => {
    // user never issues SUPERVISOR tokens: the claims are wrong for that issuer (the seed's INVALID_PAYLOAD).
    await refusedWith(SUPER_ROUTE, bearer(await signedWithUsersKey(issuerName('user'), 'SUPERVISOR', 600)), 4005);
    // supervisor's keys do not include user's: an unknown key is an invalid token.
    await refusedWith(SUPER_ROUTE, bearer(await signedWithUsersKey(issuerName('supervisor'), 'SUPERVISOR', 600)), 4001);
  });

  it('answers 4002 for a genuine token whose exp has passed', async () => {
    await refusedWith(own, bearer(await signedWithUsersKey(issuerName('user'), 'USER', -600)), 4002);
  });

  it('answers 4002 for an access token used after logout (as the seed did), and refuses its refresh cookie', async () => {
    const mine = await logIn(s, LOGIN_PATH.USER, me.email, me.password);
    const out = await s.http.post('/user-service/auth-user/logout', undefined, {
      ...bearer(mine.access),
      cookie: mine.cookie,
    });
    expect(out.status).toBe(200);
    await refusedWith(own, bearer(mine.access), 4002);
    const restored = await s.http.get<Envelope>(RESTORE, { cookie: mine.cookie });
    expect(restored.status).toBe(400);
    expect(restored.body.data).toMatchObject({ rule: 'refresh-token-refused' });
  });

  it('answers 4001 for another scheme, 4003 for a header that is not one bearer token, 4005 for no JWT', async () => {
    await refusedWith(own, { authorization: `Basic ${session.access}` }, 4001);
    await refusedWith(own, { authorization: `Bearer ${session.access} again` }, 4003);
    await refusedWith(own, bearer('not-a-jwt'), 4005);
  });
});
