import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '@mosaic/kit/store';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { type Role, TOKEN_AUDIENCE, TOKEN_ISSUER, TOKEN_LIFETIME_SEC } from '../contracts/accounts.ts';
import { publishedKeys, signingKeyAt } from './domain.ts';
import type { AuthTables } from './store/tables.ts';

const ALG = 'ES256';
type SigningKey = Awaited<ReturnType<typeof importJWK>>;
const LONGEST_LIFETIME_SEC = Math.max(...Object.values(TOKEN_LIFETIME_SEC));
/**
 * A rotated-in key is published this long before it signs: gateways re-read the JWKS when they meet an
 * unknown `kid`, but at most every 30 s, so a key must be known before the first token it signs arrives.
 */
export const KEY_ACTIVATION_DELAY_SEC = 120;

/**
 * Token issuing with keys kept in auth's own store, so every replica and every restart signs with the same
 * keys. Token times use the wall clock, never the service's injectable clock: the gateway checks `exp`
 * against its own wall clock, and a token stamped with a test's clock would be refused there.
 */
export function createTokenIssuer(db: Kysely<AuthTables>, now: () => number = () => Math.floor(Date.now() / 1000)) {
  const imported = new Map<string, SigningKey>();
  let creating: Promise<void> | undefined;

  async function keys() {
    const rows = await db.selectFrom('signing_keys').selectAll().execute();
    return rows.map((r) => ({ ...r, active_from: Number(r.active_from), retired_at: nullableNumber(r.retired_at) }));
  }

  async function addKey(activeFrom: number) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = randomBytes(12).toString('base64url');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        private_jwk: JSON.stringify(privateJwk),
        public_jwk: JSON.stringify(publicJwk),
        created_at: new Date(now() * 1000).toISOString(),
        active_from: activeFrom,
        retired_at: null,
      })
      .execute();
    return kid;
  }

  /** Makes sure a key can sign now: the first start of auth creates one, active at once. */
  async function ensureKey(): Promise<void> {
    if (signingKeyAt(await keys(), now())) return;
    creating ??= addKey(now())
      .then(() => undefined)
      .finally(() => {
        creating = undefined;
      });
    await creating;
  }

  return {
    ensureKey,

    async issue(subject: string, role: Role): Promise<{ token: string; jti: string; expiresAt: number }> {
      await ensureKey();
      const key = signingKeyAt(await keys(), now());
      if (!key) throw new Error('no signing key is active; ensureKey should have created one');
      let privateKey = imported.get(key.kid);
      if (!privateKey) {
        privateKey = await importJWK(JSON.parse(key.private_jwk) as JWK, ALG);
        imported.set(key.kid, privateKey);
      }
      const iat = now();
      const exp = iat + TOKEN_LIFETIME_SEC[role];
      const jti = randomUUID();
      const token = await new SignJWT({ role })
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
        .setSubject(subject)
        .setJti(jti)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { token, jti, expiresAt: exp };
    },

    async jwks(): Promise<{ keys: JWK[] }> {
      await ensureKey();
      const published = publishedKeys(await keys(), now(), LONGEST_LIFETIME_SEC);
      return { keys: published.map((k) => JSON.parse(k.public_jwk) as JWK) };
    },

    /**
     * Rotation: a new key is published now and signs from `KEY_ACTIVATION_DELAY_SEC` on; the keys signing
     * until then retire at that moment and stay published until their last token expired.
     */
    async rotate(): Promise<{ kid: string; active_from: number }> {
      const activeFrom = now() + KEY_ACTIVATION_DELAY_SEC;
      const kid = await addKey(activeFrom);
      await db
        .updateTable('signing_keys')
        .set({ retired_at: activeFrom })
        .where('kid', '!=', kid)
        .where('retired_at', 'is', null)
        .execute();
      return { kid, active_from: activeFrom };
    },
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

const issuers = new WeakMap<Store<AuthTables>, TokenIssuer>();

/**
 * The service's issuer: one per store, so every request shares its imported keys and a first start creates
 * one key, not one per request. `started` ensures its key before the service listens.
 */
export function issuerOf(ctx: { store: Store<AuthTables> }): TokenIssuer {
  let issuer = issuers.get(ctx.store);
  if (!issuer) {
    issuer = createTokenIssuer(ctx.store.db);
    issuers.set(ctx.store, issuer);
  }
  return issuer;
}
