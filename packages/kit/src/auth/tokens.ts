import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWK,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { LRUCache } from 'lru-cache';
import type { TokenClaims, TokenFailure, TokenVerdict } from './claims.ts';

/** Where the public keys (or the shared secret) come from. */
export type KeySource =
  /** Fetched on first use, kept, and fetched again when a token names a `kid` not in the set (rotation). */
  | { jwks: () => Promise<JSONWebKeySet> }
  | { keys: readonly JWK[] }
  /** HMAC: only when every algorithm is HS*. At least 32 bytes. */
  | { secret: string };

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Pinned; default ['ES256']. `none` is never accepted. */
  algorithms?: readonly string[];
  keys: KeySource;
  /** Allowed clock skew between the issuer and this gateway for exp/nbf; default 5 s. */
  clockToleranceSec?: number;
  /** Least time between two JWKS fetches caused by unknown key ids; default 30 s. */
  refetchCooldownMs?: number;
  now?: () => number;
}

export interface TokenVerifier {
  /** Checks signature, algorithm, exp, nbf, iss, aud and the claims every route relies on (sub, role, jti). */
  verify(token: string): TokenVerdict | Promise<TokenVerdict>;
}

/** The keys could not be had; the verifier reports it as `token-keys-unavailable`. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

const HMAC = /^HS(256|384|512)$/;
/**
 * Verified tokens, by their exact text (so a changed byte is a different entry). Verifying ES256 costs far
 * more than the rest of a request; exp and nbf are still checked on every use. An entry lives at most a
 * minute, so a key withdrawn from the JWKS stops being honoured soon after.
 */
const VERIFIED_ENTRIES = 10_000;
const VERIFIED_TTL_MS = 60_000;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const algorithms = [...(options.algorithms ?? ['ES256'])];
  checkAlgorithms(algorithms, options.keys);
  const now = options.now ?? Date.now;
  const toleranceSec = options.clockToleranceSec ?? 5;
  const key = keyResolver(options.keys, options.refetchCooldownMs ?? 30_000, now);
  const verified = new LRUCache<string, TokenClaims>({ max: VERIFIED_ENTRIES, ttl: VERIFIED_TTL_MS, perf: { now } });

  const timing = (claims: TokenClaims): TokenVerdict => {
    const nowSec = now() / 1000;
    if (claims.exp <= nowSec - toleranceSec) return refuse('token-expired', 'the token has expired; sign in again');
    if (claims.nbf !== undefined && claims.nbf > nowSec + toleranceSec) {
      return refuse('token-not-yet-valid', 'the token is not valid yet (nbf is in the future); check the clocks');
    }
    return { ok: true, claims };
  };

  return {
    // A token seen before is answered synchronously (the gateway awaits only a promise); a new one is checked.
    verify(token) {
      const known = verified.get(token);
      return known ? timing(known) : check(token);
    },
  };

  async function check(token: string): Promise<TokenVerdict> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: toleranceSec,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'jti', 'exp'],
      }));
    } catch (error) {
      return failure(error);
    }
    if (typeof payload.role !== 'string' || payload.role === '') {
      return refuse('token-invalid-claims', 'the token carries no role claim; ask its issuer for a token with one');
    }
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
      return refuse('token-invalid-claims', 'the token’s sub and jti claims must be strings');
    }
    const claims = payload as TokenClaims;
    verified.set(token, claims);
    return { ok: true, claims };
  }
}

function checkAlgorithms(algorithms: readonly string[], keys: KeySource): void {
  if (algorithms.length === 0) throw new Error('auth.algorithms is empty: list the algorithms tokens are signed with');
  if (algorithms.some((a) => a.toLowerCase() === 'none')) {
    throw new Error("auth.algorithms lists 'none': unsigned tokens are never accepted; remove it");
  }
  const hmac = algorithms.filter((a) => HMAC.test(a));
  if ('secret' in keys) {
    if (hmac.length !== algorithms.length) {
      throw new Error(
        `auth.secret is an HMAC key but auth.algorithms lists ${algorithms.join(', ')}; list only HS256/HS384/HS512, or give public keys (jwks/keys) instead`,
      );
    }
    if (Buffer.byteLength(keys.secret) < 32) {
      throw new Error('auth.secret is shorter than 32 bytes; use a long random secret (e.g. 64 hex characters)');
    }
  } else if (hmac.length > 0) {
    // Mixing is how algorithm confusion happens: an HMAC "signed" with a public key.
    throw new Error(
      `auth.algorithms lists ${hmac.join(', ')} with public keys; HMAC needs auth.secret, and the two must not be mixed`,
    );
  }
}

function keyResolver(source: KeySource, cooldownMs: number, now: () => number): JWTVerifyGetKey | Uint8Array {
  if ('secret' in source) return new TextEncoder().encode(source.secret);
  if ('keys' in source) return createLocalJWKSet({ keys: [...source.keys] });
  const fetchJwks = source.jwks;
  let local: JWTVerifyGetKey | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<JWTVerifyGetKey> | undefined;
  // One fetch at a time, however many requests are waiting for keys.
  const refresh = () => {
    inflight ??= fetchJwks()
      .then((set) => {
        if (!set || !Array.isArray(set.keys)) throw new Error('the JWKS has no keys array');
        local = createLocalJWKSet(set);
        fetchedAt = now();
        return local;
      })
      .catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new KeysUnavailableError(`the token signing keys could not be fetched: ${why}`);
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  return async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    const current = local ?? (await refresh());
    try {
      return await current(header, token);
    } catch (error) {
      // An unknown kid may be a key the issuer just rotated in; the cooldown keeps forged kids from making us
      // fetch on every request.
      if (!(error instanceof errors.JWKSNoMatchingKey) || now() - fetchedAt < cooldownMs) throw error;
      return (await refresh())(header, token);
    }
  };
}

function refuse(reason: TokenFailure, detail: string): TokenVerdict {
  return { ok: false, reason, detail };
}

function failure(error: unknown): TokenVerdict {
  if (error instanceof KeysUnavailableError) return refuse('token-keys-unavailable', error.message);
  if (error instanceof errors.JWTExpired) return refuse('token-expired', 'the token has expired; sign in again');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') {
      return refuse('token-not-yet-valid', 'the token is not valid yet (nbf is in the future); check the clocks');
    }
    return refuse(
      'token-invalid-claims',
      `the token's ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'not accepted here'}; sign in to this system again`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return refuse('token-algorithm-not-allowed', 'the token is signed with an algorithm this gateway does not accept');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse('token-unknown-key', 'the token names a signing key this gateway does not know; sign in again');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refuse(
      'token-invalid-signature',
      'the token signature does not verify; it was altered or signed by someone else',
    );
  }
  return refuse('token-malformed', 'the bearer token is not a well-formed signed JWT');
}
