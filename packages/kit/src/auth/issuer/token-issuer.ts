import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Store } from '../../store/store.ts';
import { publishedKeys, signingKeyAt } from './key-life.ts';
import type { SigningKeyTables } from './signing-keys.ts';

const ALG = 'ES256';
type PrivateKey = Awaited<ReturnType<typeof importJWK>>;
/**
 * A rotated-in key is published this long before it signs: gateways re-read the JWKS when they meet an
 * unknown `kid`, but at most every 30 s, so a key must be known before the first token it signs arrives.
 */
export const KEY_ACTIVATION_DELAY_SEC = 120;

export interface TokenIssuerOptions {
  /** The `iss` of every token; the gateway picks this issuer's keys by it. */
  issuer: string;
  audience: string;
  /** How long a token of this role lives, in seconds. */
  lifetimeSec(role: string): number;
  /** The longest lifetime any role has: a retired key stays published that long. */
  longestLifetimeSec: number;
  /** Epoch seconds; the wall clock by default (the gateway checks `exp` against its own). */
  now?: () => number;
}

export interface IssuedToken {
  token: string;
  jti: string;
  expiresAt: number;
}

/**
 * ES256 token issuing with keys kept in the issuing service's own store (`signing_keys`), published as a
 * JWKS and rotated without a gap. Token times use the wall clock, never a service's injectable clock: the
 * gateway checks `exp` against its own wall clock, and a token stamped with a test's clock would be refused.
 */
export function createTokenIssuer(db: Kysely<SigningKeyTables>, options: TokenIssuerOptions) {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const imported = new Map<string, PrivateKey>();
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

  /** Makes sure a key can sign now: the first start creates one, active at once. */
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

    /** A token for `subject` in `role`, signed with the key active now; `claims` are added as they are. */
    async issue(subject: string, role: string, claims: Record<string, unknown> = {}): Promise<IssuedToken> {
      await ensureKey();
      const key = signingKeyAt(await keys(), now());
      if (!key) throw new Error('no signing key is active; ensureKey should have created one');
      let privateKey = imported.get(key.kid);
      if (!privateKey) {
        privateKey = await importJWK(JSON.parse(key.private_jwk) as JWK, ALG);
        imported.set(key.kid, privateKey);
      }
      const iat = now();
      const exp = iat + options.lifetimeSec(role);
      const jti = randomUUID();
      const token = await new SignJWT({ ...claims, role })
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
        .setSubject(subject)
        .setJti(jti)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { token, jti, expiresAt: exp };
    },

    async jwks(): Promise<{ keys: JWK[] }> {
      await ensureKey();
      const published = publishedKeys(await keys(), now(), options.longestLifetimeSec);
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

const issuers = new WeakMap<object, TokenIssuer>();

/**
 * A service's issuer: one per store, so every request shares its imported keys and a first start creates one
 * key, not one per request. Call `ensureKey` in `started`, before the service listens.
 */
export function tokenIssuerOf<DB extends SigningKeyTables>(store: Store<DB>, options: TokenIssuerOptions): TokenIssuer {
  let issuer = issuers.get(store);
  if (!issuer) {
    // The issuer reads only signing_keys, one of the service's tables.
    issuer = createTokenIssuer(store.db as unknown as Kysely<SigningKeyTables>, options);
    issuers.set(store, issuer);
  }
  return issuer;
}
