// Test support (not exported): the attack suite, run against an in-process gateway and a gateway process.
import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import type { GatewayRoute } from '../../gateway/route.ts';
import { type Answer, call, type SigningKey, signingKey, token } from '../../gateway/test-support.ts';

export const ATTACK_ROUTES: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/outings/:id',
    service: 'outing',
    auth: ['student', 'teacher'],
    cache: { key: 'outings.:id', private: true },
  },
  {
    method: 'POST',
    path: '/outings/:id/actions',
    service: 'outing',
    bodyLimitBytes: 256,
    schema: { body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } },
    invalidates: ['outings.:id'],
  },
  { method: '*', path: '/open/**', service: 'outing', auth: 'public' },
  { method: '*', path: '/admin/**', service: 'outing', auth: ['admin'] },
  { method: 'POST', path: '/logout', service: 'auth', revokesToken: true },
];

export interface AttackTarget {
  /** The gateway's base URL. */
  url: string;
  /** The key the auth service signs with (its public half is in the JWKS the gateway fetches). */
  key: SigningKey;
  /** Paths the outing upstream has received so far. */
  upstreamPaths(): Promise<string[]>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Never a 5xx, and the status and problem type expected. */
function refused(answer: Answer, status: number, type?: string) {
  expect(answer.status, answer.text).toBe(status);
  if (type) expect(answer.json().type ?? answer.json().reason, answer.text).toBe(`urn:mosaic:problem:${type}`);
}

export function attackSuite(target: () => AttackTarget): void {
  const forged = async (): Promise<Record<string, [string, string]>> => {
    const { key } = target();
    const real = await token(key, { sub: 'student-000000000001', role: 'student' });
    const [h, p, s] = real.split('.') as [string, string, string];
    const admin = b64url({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' });
    const hsHeader = b64url({ alg: 'HS256', kid: key.kid, typ: 'JWT' });
    const hsSignature = createHmac('sha256', key.publicPem).update(`${hsHeader}.${admin}`).digest('base64url');
    const impostor = await signingKey(key.kid);
    return {
      'alg none': [`${b64url({ alg: 'none', typ: 'JWT' })}.${admin}.`, ''],
      'HMAC signed with the public key (algorithm confusion)': [
        `${hsHeader}.${admin}.${hsSignature}`,
        'token-algorithm-not-allowed',
      ],
      'a wrong key under the right kid': [await token(impostor, { role: 'admin' }), 'token-invalid-signature'],
      'an expired token': [await token(key, { expiresIn: -120 }), 'token-expired'],
      'a token not yet valid': [await token(key, { notBeforeIn: 600 }), 'token-not-yet-valid'],
      'tampered claims (role raised to admin)': [`${h}.${admin}.${s}`, 'token-invalid-signature'],
      'another issuer': [await token(key, { iss: 'https://evil.test', role: 'admin' }), 'token-invalid-claims'],
      'another audience': [await token(key, { aud: 'commerce', role: 'admin' }), 'token-invalid-claims'],
    };
  };

  it('refuses every forged, expired or altered token with 401 and its reason, before any upstream call', async () => {
    const { url, upstreamPaths } = target();
    const before = (await upstreamPaths()).length;
    for (const [what, [jwt, reason]] of Object.entries(await forged())) {
      for (const path of ['/admin/users', '/outings/o1']) {
        const answer = await call(url, 'GET', path, { bearer: jwt });
        expect(answer.status, `${what} on ${path}: ${answer.text}`).toBe(401);
        if (reason) expect(answer.json().type, what).toBe(`urn:mosaic:problem:${reason}`);
      }
    }
    expect((await upstreamPaths()).length).toBe(before);
  });

  it('refuses a token after its owner logged out (revoked), and only that token', async () => {
    const { url, key } = target();
    const jwt = await token(key, { role: 'student' });
    expect((await call(url, 'GET', '/outings/o9', { bearer: jwt })).status).toBe(200);
    expect((await call(url, 'POST', '/logout', { bearer: jwt })).status).toBe(200);
    refused(await call(url, 'GET', '/outings/o9', { bearer: jwt }), 401, 'token-revoked');
    expect((await call(url, 'GET', '/outings/o9', { bearer: await token(key, { role: 'student' }) })).status).toBe(200);
  });

  it('answers 403 to a valid token whose role may not use the route', async () => {
    const { url, key } = target();
    refused(
      await call(url, 'GET', '/admin/users', { bearer: await token(key, { role: 'teacher' }) }),
      403,
      'role-not-allowed',
    );
  });

  it('refuses an oversized body (413), malformed JSON (400) and a wrong content type (415)', async () => {
    const { url, key } = target();
    const bearer = await token(key, { role: 'teacher' });
    const json = { 'content-type': 'application/json' };
    refused(
      await call(url, 'POST', '/outings/o1/actions', {
        bearer,
        headers: json,
        body: JSON.stringify({ reason: 'x'.repeat(400) }),
      }),
      413,
      'body-too-large',
    );
    refused(
      await call(url, 'POST', '/outings/o1/actions', { bearer, headers: json, body: 'y'.repeat(5 * 1024 * 1024) }),
      413,
      'body-too-large',
    );
    refused(
      await call(url, 'POST', '/outings/o1/actions', { bearer, headers: json, body: '{"reason":' }),
      400,
      'malformed-json',
    );
    refused(
      await call(url, 'POST', '/outings/o1/actions', { bearer, headers: json, body: '{"why":"x"}' }),
      400,
      'invalid-request',
    );
    refused(
      await call(url, 'POST', '/outings/o1/actions', { bearer, headers: { 'content-type': 'text/xml' }, body: '<a/>' }),
      415,
      'unsupported-media-type',
    );
  });

  it.each([
    ['/open/../admin/users', 400],
    ['/open/%2e%2e/admin/users', 400],
    ['/open/%2E%2E%2Fadmin%2Fusers', 400],
    ['/open/..%2fadmin%2fusers', 400],
    ['/open%2F..%2Fadmin/users', 400],
    ['/open/.%2e/admin/users', 400],
    ['/open/./x', 400],
    ['/open/..%5cadmin', 400],
    ['/open/x%00.json', 400],
    ['/admin%2Fusers', 400],
    ['/ADMIN/users', 404],
    ['/open/%zz', 400],
  ])('refuses the traversal or encoding trick %s with a 4xx, never reaching /admin', async (path, status) => {
    const { url, upstreamPaths } = target();
    const answer = await call(url, 'GET', path);
    expect(answer.status, answer.text).toBe(status);
    expect((await upstreamPaths()).some((p) => p.toLowerCase().includes('admin'))).toBe(false);
  });

  it("never serves another user's cached private answer, whatever the id looks like", async () => {
    const { url, key } = target();
    const alice = await token(key, { sub: 'student-000000000001', role: 'student' });
    const mallory = await token(key, { sub: 'student-000000000666', role: 'student' });
    for (const id of ['o1', 'o1@student-000000000001', 'o1%40student-000000000001', '*']) {
      await call(url, 'GET', `/outings/${id}`, { bearer: alice });
      for (const probe of ['o1', 'o1@student-000000000001', 'o1%40student-000000000001', '*', 'o%2A']) {
        const answer = await call(url, 'GET', `/outings/${probe}`, { bearer: mallory });
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 200) expect(answer.json().asker).toBe('student-000000000666');
      }
    }
  });
}

/** Floods from this one IP: 429 once over the limit, then 403 with Retry-After while blocked. Run it last. */
export async function floodOnce(url: string, max: number): Promise<void> {
  const statuses: number[] = [];
  // In parallel, as a flood is: the limiter must count concurrent requests exactly.
  const answers = await Promise.all(Array.from({ length: max + 20 }, () => call(url, 'GET', '/open/x')));
  for (const answer of answers) statuses.push(answer.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(max);
  expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  expect(statuses.filter((s) => s === 403)).toHaveLength(19);
  expect(statuses.every((s) => s < 500)).toBe(true);
  const blocked = await call(url, 'GET', '/open/x');
  refused(blocked, 403, 'ip-blocked');
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
}
