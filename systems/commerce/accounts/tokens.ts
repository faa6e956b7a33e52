import type { RefreshToken } from '@mosaic/kit/auth';
import { type IssuedToken, type SigningKeyTables, type TokenIssuer, tokenIssuerOf } from '@mosaic/kit/auth';
import { Type } from '@mosaic/kit/http';
import { type Answer, answer } from '@mosaic/kit/service';
import type { Store } from '@mosaic/kit/store';

/** Every commerce token is for the shop's gateway; each role's issuer is its own service (spec §3). */
export const AUDIENCE = 'commerce';
export const issuerName = (service: 'user' | 'seller' | 'supervisor') => `https://commerce.example/${service}`;

/** The longest access lifetime an operator may set: a retired signing key stays published that long. */
const LONGEST_ACCESS_SEC = 86_400;

/**
 * Token lifetimes, changeable at run time (`mosaic config set commerce/user token.access_ttl 3600`). The seed's
 * Swagger text: access 1 h, refresh 12 h.
 */
export const tokenSettings = {
  'token.access_ttl': Type.Integer({
    minimum: 60,
    maximum: LONGEST_ACCESS_SEC,
    default: 3600,
    description: 'seconds an access token lives',
  }),
  'token.refresh_ttl': Type.Integer({
    minimum: 300,
    maximum: 30 * 86_400,
    default: 43_200,
    description: 'seconds a session (its refresh token) lives after sign-in',
  }),
};

/** A service's access-token issuer; the lifetime is read at each issue, so a changed setting applies at once. */
export function accessIssuer<DB extends SigningKeyTables>(
  store: Store<DB>,
  issuer: string,
  accessTtl: () => number,
): TokenIssuer {
  return tokenIssuerOf(store, {
    issuer,
    audience: AUDIENCE,
    lifetimeSec: accessTtl,
    longestLifetimeSec: LONGEST_ACCESS_SEC,
  });
}

/** The seed's cookie name; each service scopes it to its own path prefix, so the three never mix. */
export const REFRESH_COOKIE = 'refreshToken';

export function refreshCookieOf(headers: { cookie?: string | undefined }): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === REFRESH_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function cookie(value: string, path: string, maxAgeSec: number): string {
  // HttpOnly: no script can read it; Strict: no other site can make the browser send it (the seed had None).
  return `${REFRESH_COOKIE}=${value}; Path=${path}; Max-Age=${maxAgeSec}; HttpOnly; Secure; SameSite=Strict`;
}

export const clearedCookie = (path: string) => cookie('', path, 0);

/** The seed's `LocalDateTime` (no zone); ours is UTC. */
export const localDateTime = (when: Date | string | null): string | null =>
  when === null ? null : new Date(when).toISOString().slice(0, 19);

/**
 * The seed's login and restore answer (spec §3): HTTP 201, the bare `{access_token, expired_at}` (not
 * enveloped), the token again in `access_token`, and the refresh token in its HttpOnly cookie (restore too:
 * the refresh token is rotated on every use).
 */
export function signedIn(access: IssuedToken, refresh: RefreshToken, cookiePath: string): Answer {
  const maxAge = Math.max(0, refresh.expiresAt - Math.floor(Date.now() / 1000));
  return answer(
    201,
    { access_token: access.token, expired_at: localDateTime(new Date(access.expiresAt * 1000)) },
    {
      access_token: access.token,
      'cache-control': 'no-store',
      'set-cookie': cookie(refresh.token, cookiePath, maxAge),
    },
  );
}
