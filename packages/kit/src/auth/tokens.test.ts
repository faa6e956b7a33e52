import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, signingKey, token } from '../gateway/test-support.ts';
import { createTokenVerifier } from './tokens.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('token verifier', () => {
  it('accepts a token from the issuer, for this audience, signed with a known key, and returns its claims', async () => {
    const key = await signingKey();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    const verdict = await verifier.verify(await token(key, { sub: 'teacher-000000000007', role: 'teacher' }));
    expect(verdict).toMatchObject({ ok: true, claims: { sub: 'teacher-000000000007', role: 'teacher', iss: ISSUER } });
  });

  it.each([
    ['expired', { expiresIn: -60 }, 'token-expired'],
    ['not yet valid', { notBeforeIn: 120 }, 'token-not-yet-valid'],
    ['from another issuer', { iss: 'https://evil.test' }, 'token-invalid-claims'],
    ['for another audience', { aud: 'commerce' }, 'token-invalid-claims'],
    ['without a role', { role: '' }, 'token-invalid-claims'],
  ] as const)('refuses a token %s', async (_what, input, reason) => {
    const key = await signingKey();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    expect(await verifier.verify(await token(key, input))).toMatchObject({ ok: false, reason });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const key = await signingKey();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    const real = await token(key);
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${real.split('.')[1]}.`;
    const verdict = await verifier.verify(none);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok || ['token-algorithm-not-allowed', 'token-malformed'].includes(verdict.reason)).toBe(true);
  });

  it('refuses an HMAC token signed with the public key (algorithm confusion)', async () => {
    const key = await signingKey();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    const header = b64url({ alg: 'HS256', kid: key.kid, typ: 'JWT' });
    const payload = b64url(claimsOf(await token(key, { role: 'admin' })));
    const signature = createHmac('sha256', key.publicPem).update(`${header}.${payload}`).digest('base64url');
    expect(await verifier.verify(`${header}.${payload}.${signature}`)).toMatchObject({
      ok: false,
      reason: 'token-algorithm-not-allowed',
    });
  });

  it('refuses a token signed by another key under a known kid, and one with tampered claims', async () => {
    const key = await signingKey('k1');
    const impostor = await signingKey('k1');
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    expect(await verifier.verify(await token(impostor))).toMatchObject({
      ok: false,
      reason: 'token-invalid-signature',
    });
    const [h, p, s] = (await token(key, { role: 'student' })).split('.');
    const tampered = b64url({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' });
    expect(await verifier.verify(`${h}.${tampered}.${s}`)).toMatchObject({
      ok: false,
      reason: 'token-invalid-signature',
    });
  });

  it('refuses a token that is not a JWT at all', async () => {
    const key = await signingKey();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } });
    for (const junk of ['abc', 'a.b.c', '..', `${b64url({ alg: 'ES256' })}.%%%.x`]) {
      expect(await verifier.verify(junk)).toMatchObject({ ok: false, reason: 'token-malformed' });
    }
  });

  it('checks exp on every use, also for a token it has verified before', async () => {
    const key = await signingKey();
    let now = Date.now();
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { keys: [key.publicJwk] },
      clockToleranceSec: 0,
      now: () => now,
    });
    const jwt = await token(key, { expiresIn: 30 });
    expect((await verifier.verify(jwt)).ok).toBe(true);
    now += 31_000;
    expect(await verifier.verify(jwt)).toMatchObject({ ok: false, reason: 'token-expired' });
  });

  it('fetches the JWKS once, and again for an unknown kid (rotation) but not more often than the cooldown', async () => {
    const old = await signingKey('old');
    const rotated = await signingKey('new');
    const stranger = await signingKey('stranger');
    let published = [old.publicJwk];
    let fetches = 0;
    let now = Date.now();
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: {
        jwks: async () => {
          fetches++;
          return { keys: published };
        },
      },
      refetchCooldownMs: 10_000,
      now: () => now,
    });
    expect((await verifier.verify(await token(old))).ok).toBe(true);
    expect((await verifier.verify(await token(old))).ok).toBe(true);
    expect(fetches).toBe(1);
    published = [old.publicJwk, rotated.publicJwk];
    now += 10_001;
    expect((await verifier.verify(await token(rotated))).ok).toBe(true);
    expect(fetches).toBe(2);
    // Forged kids right after a fetch do not make the verifier fetch again.
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(await token(stranger))).toMatchObject({ ok: false, reason: 'token-unknown-key' });
    }
    expect(fetches).toBe(2);
  });

  it('says the keys are unavailable (not that the token is bad) when the JWKS cannot be fetched', async () => {
    const key = await signingKey();
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { jwks: () => Promise.reject(new Error('auth is down')) },
    });
    expect(await verifier.verify(await token(key))).toMatchObject({ ok: false, reason: 'token-keys-unavailable' });
  });

  it('verifies HMAC tokens only when the config pins an HS algorithm and gives a secret', async () => {
    const secret = 'x'.repeat(40);
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS512'],
      keys: { secret },
    });
    const hs = await new SignJWT({ role: 'parent' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('parent-000000000001')
      .setJti(randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    expect(await verifier.verify(hs)).toMatchObject({ ok: true, claims: { role: 'parent' } });
    const hs256 = await new SignJWT({ role: 'parent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p')
      .setJti('j')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    expect(await verifier.verify(hs256)).toMatchObject({ ok: false, reason: 'token-algorithm-not-allowed' });
  });

  it.each([
    ['HMAC with public keys', { algorithms: ['HS256'], keys: { keys: [] } }, /HMAC needs auth.secret/],
    ['a secret with ES256', { algorithms: ['ES256'], keys: { secret: 'x'.repeat(40) } }, /list only HS256/],
    ['a short secret', { algorithms: ['HS256'], keys: { secret: 'short' } }, /shorter than 32 bytes/],
    ['alg none', { algorithms: ['none'], keys: { keys: [] } }, /unsigned tokens are never accepted/],
    ['no algorithm', { algorithms: [], keys: { keys: [] } }, /is empty/],
  ] as const)('refuses a config with %s', (_what, config, message) => {
    expect(() =>
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, ...config, keys: config.keys as never }),
    ).toThrow(message);
  });
});
