import { createTokenIssuer, type SigningKeyTables } from '@mosaic/kit/auth';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, issuerName } from '../../accounts/tokens.ts';
import type { Envelope } from '../../contracts/envelope.ts';
import { FIRST_SUPERVISOR_EMAIL } from '../../supervisor/service.ts';
import { address, bearer, cookieOf, logIn, newUser, signUp, withClaims } from './helpers.ts';
import { SUPERVISOR_PASSWORD, seen } from './test-system.ts';

const USER_LOGIN = '/user-service/open-api/login';
const RESTORE = '/user-service/auth-user/restore';

/** Accounts end to end through the gateway: sign-up, tokens, logout, roles per issuer, ownership, the address limit. */
export function accountsSuite(start: () => Promise<TestSystem>) {
  let s: TestSystem;
  beforeAll(async () => {
    s = await start();
  }, 60_000);
  afterAll(() => s?.close());

  describe('a user', () => {
    it('signs up with a BRONZE profile, once per e-mail, and logs in with a refresh cookie', async () => {
      const body = newUser();
      const created = await s.http.post<Envelope<{ profile: { grade: string }; address_list: null }>>(
        '/user-service/open-api/users',
        body,
      );
      expect(created.status).toBe(201);
      expect(created.body.result.result_code).toBe(201);
      expect(created.body.data?.profile.grade).toBe('BRONZE');
      const again = await s.http.post<Envelope>('/user-service/open-api/users', body);
      expect(again.status).toBe(400);
      expect(again.body.result.result_description).toBe('이미 등록한 회원입니다.');

      const credentials = { email: body.email, password: body.password };
      const login = await s.http.post<{ access_token: string; expired_at: string }>(USER_LOGIN, credentials);
      expect(login.status).toBe(201);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^refreshToken=[^;]+; Path=\/user-service; Max-Age=\d+;/);
      // 12 h from the login, less the second or two the answer took.
      expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(43_200 - 30);
      expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(43_200);
      expect(login.body.expired_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      const wrong = await s.http.post<Envelope>(USER_LOGIN, { ...credentials, password: 'Wrong123!' });
      const unknown = await s.http.post<Envelope>(USER_LOGIN, { ...credentials, email: `x${body.email}` });
      // One answer for both, so nobody learns which e-mails have accounts (bug C-B8).
      expect([wrong.status, unknown.status]).toEqual([404, 404]);
      expect(wrong.body.result.result_description).toBe(unknown.body.result.result_description);
    });

    it('refreshes with its cookie (rotated), and after logout neither token works', async () => {
      const me = await signUp(s);
      const first = await logIn(s, USER_LOGIN, me.email, me.password);
      const own = `/user-service/auth-user/users/${me.id}`;
      expect((await s.http.get(own, bearer(first.access))).status).toBe(200);

      const restored = await s.http.get<{ access_token: string }>(RESTORE, { cookie: first.cookie });
      expect(restored.status).toBe(201);
      const second = { access: restored.body.access_token, cookie: cookieOf(restored.headers) };
      expect(second.cookie).not.toBe(first.cookie);
      expect((await s.http.get(own, bearer(second.access))).status).toBe(200);

      const out = await s.http.post<Envelope>('/user-service/auth-user/logout', undefined, {
        ...bearer(second.access),
        cookie: second.cookie,
      });
      expect(out.status).toBe(200);
      expect(out.body.result.result_description).toBe('로그아웃 처리 되었습니다.');
      expect((await s.http.get(own, bearer(second.access))).status).toBe(401);
      expect((await s.http.get(RESTORE, { cookie: second.cookie })).status).toBe(400);
      expect((await s.http.get(RESTORE)).status).toBe(400);
    });

    it('refuses a spent refresh token and ends that session', async () => {
      const me = await signUp(s);
      const first = await logIn(s, USER_LOGIN, me.email, me.password);
      const restored = await s.http.get(RESTORE, { cookie: first.cookie });
      expect(restored.status).toBe(201);
      // The first cookie shown again was copied: its session ends, the rotated cookie with it.
      expect((await s.http.get(RESTORE, { cookie: first.cookie })).status).toBe(400);
      expect((await s.http.get(RESTORE, { cookie: cookieOf(restored.headers) })).status).toBe(400);
    });

    it('once unregistered, neither logs in nor refreshes (the seed let it, bugs C-B11, C-B12)', async () => {
      const me = await signUp(s);
      const session = await logIn(s, USER_LOGIN, me.email, me.password);
      const gone = await s.http.delete<Envelope>(`/user-service/auth-user/users/${me.id}`, bearer(session.access));
      expect(gone.status).toBe(200);
      expect((await s.http.post(USER_LOGIN, { email: me.email, password: me.password })).status).toBe(404);
      expect((await s.http.get(RESTORE, { cookie: session.cookie })).status).toBe(400);
    });

    it('reads and changes only its own account, profile and addresses (406 otherwise)', async () => {
      const alice = await signUp(s);
      const bob = await signUp(s);
      const a = await logIn(s, USER_LOGIN, alice.email, alice.password);
      const h = bearer(a.access);
      const bobs = (path: string) => `/user-service/auth-user/${path}user_id=${bob.id}`;
      for (const answer of [
        await s.http.get<Envelope>(`/user-service/auth-user/users/${bob.id}`, h),
        await s.http.get<Envelope>(bobs('profiles?'), h),
        await s.http.put<Envelope>(bobs('profiles?'), { nick_name: 'mallory' }, h),
        await s.http.post<Envelope>(bobs('address?'), address(1), h),
        await s.http.get<Envelope>(bobs('address?'), h),
        await s.http.get<Envelope>(`/user-service/auth-user/users?email=${encodeURIComponent(bob.email)}`, h),
      ]) {
        expect(answer.status).toBe(406);
        expect(answer.body.result.result_description).toBe('본인과 일치하는 사용자가 아닙니다');
      }
      const mine = await s.http.put<Envelope<{ nick_name: string }>>(
        `/user-service/auth-user/profiles?user_id=${alice.id}`,
        { nick_name: '앨리스' },
        h,
      );
      expect(mine.body.data?.nick_name).toBe('앨리스');
      // A USER token does not open the supervisor's routes.
      expect((await s.http.get('/user-service/auth-super/users', h)).status).toBe(403);
    });

    it('keeps at most 3 addresses, even with 20 POSTs at once', async () => {
      const me = await signUp(s);
      const h = bearer((await logIn(s, USER_LOGIN, me.email, me.password)).access);
      const path = `/user-service/auth-user/address?user_id=${me.id}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) => s.http.post<Envelope>(path, address(n), h)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((x) => x === 201)).toHaveLength(3);
      expect(statuses.filter((x) => x === 400)).toHaveLength(17);
      const refused = answers.find((a) => a.status === 400);
      expect(refused?.body.result.result_description).toBe('주소 등록은 최대 3개 까지 가능 합니다');
      const kept = await s.http.get<Envelope<unknown[]>>(path, h);
      expect(kept.body.data).toHaveLength(3);
    }, 30_000);
  });

  describe('the gateway, per issuer', () => {
    it('refuses a tampered role claim and a token signed with another role’s key', async () => {
      const me = await signUp(s);
      const { access } = await logIn(s, USER_LOGIN, me.email, me.password);
      const route = '/user-service/auth-super/users';
      expect((await s.http.get(route, bearer(withClaims(access, { role: 'SUPERVISOR' })))).status).toBe(401);

      // user's own key, signing what only supervisor may: under user's name, then under supervisor's.
      const ctx = seen.user;
      if (!ctx) throw new Error('the user service did not start');
      const forge = (issuer: string) =>
        createTokenIssuer(ctx.store.db as unknown as Kysely<SigningKeyTables>, {
          issuer,
          audience: AUDIENCE,
          lifetimeSec: () => 600,
          longestLifetimeSec: 600,
        }).issue('1', 'SUPERVISOR', { email: FIRST_SUPERVISOR_EMAIL });
      for (const issuer of [issuerName('user'), issuerName('supervisor')]) {
        const forged = await forge(issuer);
        expect((await s.http.get(route, bearer(forged.token))).status).toBe(401);
      }
    });
  });

  describe('settings', () => {
    it('applies a token lifetime and an address limit set while the service runs', async () => {
      const ctx = seen.user;
      if (!ctx) throw new Error('the user service did not start');
      const config = await s.runtime.configStore('commerce');
      const cipher = s.runtime.configCipher();
      const set = (key: string, value: number) =>
        config.write('user', key, cipher.seal(`commerce/user/${key}`, JSON.stringify(value)));
      await set('token.access_ttl', 120);
      await set('address.limit', 1);
      await waitFor(() => ctx.settings.get('token.access_ttl') === 120 && ctx.settings.get('address.limit') === 1, {
        timeoutMs: 1000,
        what: 'the new settings seen within a second',
      });
      try {
        const me = await signUp(s);
        const { access } = await logIn(s, USER_LOGIN, me.email, me.password);
        const claims = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString());
        expect(claims.exp - claims.iat).toBe(120);
        const path = `/user-service/auth-user/address?user_id=${me.id}`;
        expect((await s.http.post(path, address(1), bearer(access))).status).toBe(201);
        expect((await s.http.post(path, address(2), bearer(access))).status).toBe(400);
      } finally {
        await set('token.access_ttl', 3600);
        await set('address.limit', 3);
        await waitFor(() => ctx.settings.get('address.limit') === 3);
      }
    });
  });

  describe('sellers and supervisors', () => {
    it('a supervisor creates a seller, who logs in, refreshes and changes only its own account', async () => {
      const boss = await logIn(s, '/supervisor-service/login', FIRST_SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD);
      const seller = { ...newUser('seller'), name: '판매자' };
      const created = await s.http.post<Envelope<{ id: number }>>(
        '/seller-service/auth-super/sellers',
        seller,
        bearer(boss.access),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      // A supervisor's token passes every prefix (the seed's rule).
      expect((await s.http.get('/user-service/auth-super/users', bearer(boss.access))).status).toBe(200);

      const own = await logIn(s, '/seller-service/login', seller.email, seller.password);
      const me = await s.http.get<Envelope<{ id: number; role: string }>>(
        '/seller-service/auth-seller/sellers/me',
        bearer(own.access),
      );
      expect(me.body.data).toMatchObject({ id: created.body.data?.id, role: 'SELLER' });
      const changed = await s.http.put<Envelope<{ name: string }>>(
        '/seller-service/auth-seller/sellers/me',
        { name: '새이름', password: 'Changed1!', phone: '01011112222' },
        bearer(own.access),
      );
      expect(changed.body.data?.name).toBe('새이름');
      // Only supervisors open seller accounts or read other sellers; a seller is no user either.
      expect((await s.http.post('/seller-service/auth-super/sellers', newUser(), bearer(own.access))).status).toBe(403);
      expect((await s.http.get('/user-service/auth-user/users/1', bearer(own.access))).status).toBe(403);
      const restored = await s.http.get('/seller-service/restore', { cookie: own.cookie });
      expect(restored.status).toBe(201);
      // The user service never takes a seller's refresh token.
      expect((await s.http.get(RESTORE, { cookie: cookieOf(restored.headers) })).status).toBe(400);
    });
  });
}
