import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine } from '../../store/database.ts';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { type SigningKeyTables, signingKeysMigration } from './signing-keys.ts';
import { createTokenIssuer, KEY_ACTIVATION_DELAY_SEC } from './token-issuer.ts';

const ISSUER = 'https://sellers.example';
const AUDIENCE = 'shop';
let engine: DatabaseEngine;
let db: Kysely<SigningKeyTables>;
let clock = 1_800_000_000;

beforeAll(async () => {
  engine = await openPGlite();
  const database = await engine.forService('sellers');
  await signingKeysMigration.up(database.db);
  db = database.db as Kysely<SigningKeyTables>;
});
afterAll(() => engine.close());

const issuer = () =>
  createTokenIssuer(db, {
    issuer: ISSUER,
    audience: AUDIENCE,
    lifetimeSec: (role) => (role === 'SELLER' ? 3600 : 60),
    longestLifetimeSec: 3600,
    now: () => clock,
  });

describe('the kit token issuer', () => {
  it('signs ES256 tokens with its issuer, the role and its lifetime, verifiable with its JWKS', async () => {
    const tokens = issuer();
    const { token, expiresAt } = await tokens.issue('seller-1', 'SELLER', { name: 'fish shop' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await tokens.jwks()), {
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(clock * 1000),
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: 'seller-1', role: 'SELLER', name: 'fish shop', exp: clock + 3600 });
    expect(expiresAt).toBe(clock + 3600);
  });

  it('publishes a rotated-in key at once, signs with it only once active, and keeps the old one published', async () => {
    const tokens = issuer();
    const before = await tokens.issue('seller-1', 'SELLER');
    const { kid } = await tokens.rotate();
    expect((await tokens.jwks()).keys.map((k) => k.kid)).toContain(kid);
    const stillOld = await tokens.issue('seller-1', 'SELLER');
    expect(header(stillOld).kid).toBe(header(before.token).kid);
    clock += KEY_ACTIVATION_DELAY_SEC;
    const rotated = await tokens.issue('seller-1', 'SELLER');
    expect(header(rotated.token).kid).toBe(kid);
    expect((await tokens.jwks()).keys.map((k) => k.kid)).toContain(header(before.token).kid);
  });
});

function header(token: string | { token: string }): { kid: string } {
  const text = typeof token === 'string' ? token : token.token;
  return JSON.parse(Buffer.from(text.split('.')[0]!, 'base64url').toString()) as { kid: string };
}
