import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Who a request is made for: a signed-in caller, or a service of the system calling as itself. */
export type Identity = { sub: string; role: string } | { service: string };

export type VouchVerdict =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'vouch-malformed' | 'vouch-forged' | 'vouch-expired' | 'vouch-other-request'; detail: string };

export interface Vouches {
  /** `x-mosaic-vouch` for one request (its id) and one identity, valid `ttlMs` (default 30 s). */
  mint(identity: Identity, requestId: string, ttlMs?: number): string;
  read(vouch: string, requestId: string | undefined, now?: number): VouchVerdict;
}

/** The header a vouch travels in; the gateway drops any a client sent. */
export const HEADER_VOUCH = 'x-mosaic-vouch';
/** Where a service's code reads who is calling: set by the kit from a verified vouch, never from the client. */
export const HEADER_SUBJECT = 'x-mosaic-subject';
export const HEADER_ROLE = 'x-mosaic-role';
/** A service of the system calling as itself (no caller behind it), e.g. `school/outing`. */
export const HEADER_SERVICE = 'x-mosaic-service';
const DEFAULT_TTL_MS = 30_000;

/**
 * A vouch is the gateway's word, signed (HMAC-SHA256 with the system's vouch key), that this request is made
 * for this identity: `v1.<payload>.<signature>`, the payload naming the identity, the request id and an
 * expiry. Bound to its request and short-lived, so one seen on the wire cannot speak for another request,
 * nor for long. HMAC, not a public-key signature: a service checks thousands per second, and only the
 * system's own processes hold the key.
 */
export function createVouches(key: Buffer): Vouches {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    mint(identity, requestId, ttlMs = DEFAULT_TTL_MS) {
      const payload = Buffer.from(JSON.stringify({ ...identity, rid: requestId, exp: Date.now() + ttlMs })).toString(
        'base64url',
      );
      return `v1.${payload}.${sign(payload).toString('base64url')}`;
    },
    read(vouch, requestId, now = Date.now()) {
      const [version, payload, signature] = vouch.split('.');
      if (version !== 'v1' || !payload || !signature || vouch.length > 2048) {
        return { ok: false, reason: 'vouch-malformed', detail: 'the x-mosaic-vouch header is not a vouch' };
      }
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'vouch-forged', detail: 'the vouch was not signed by this system' };
      }
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof claims.exp !== 'number' || claims.exp < now) {
        return {
          ok: false,
          reason: 'vouch-expired',
          detail: 'the vouch has expired; send the request through the gateway again',
        };
      }
      if (claims.rid !== requestId) {
        return { ok: false, reason: 'vouch-other-request', detail: 'the vouch was made for another request' };
      }
      const identity = identityOf(claims);
      if (!identity) return { ok: false, reason: 'vouch-malformed', detail: 'the vouch names no identity' };
      return { ok: true, identity };
    },
  };
}

function identityOf(claims: Record<string, unknown>): Identity | undefined {
  if (typeof claims.sub === 'string' && typeof claims.role === 'string') return { sub: claims.sub, role: claims.role };
  if (typeof claims.service === 'string') return { service: claims.service };
  return undefined;
}

/** Headers for a request made straight to a service for `identity` (a demo seeding, a test): a fresh id and its vouch. */
export function vouchedHeaders(vouches: Vouches, identity: Identity): Record<string, string> {
  const requestId = randomUUID();
  return { 'x-request-id': requestId, [HEADER_VOUCH]: vouches.mint(identity, requestId) };
}
