import type { Reason } from '@mosaic/kit/http';

/**
 * The seed gateway's token result codes (spec §2, gateway `TokenResultCode`). They are numbered apart from
 * user-service's codes of the same names (bug C-B15); these are the ones a client of the gateway has seen.
 */
export const GATEWAY_TOKEN_CODES = {
  4000: { name: 'AUTHORIZATION_TOKEN_NOT_FOUND', message: '인증 헤더 토큰 없음' },
  4001: { name: 'INVALID_TOKEN', message: '유효하지 않은 토큰' },
  4002: { name: 'EXPIRED_TOKEN', message: '만료된 토큰' },
  4003: { name: 'TOKEN_EXCEPTION', message: '유효하지 않은 토큰 - 예외' },
  // No kit reason means this one: a token without `sub` fails the kit's claim check (4005 below).
  4004: { name: 'SUBJECT_EMPTY', message: 'SUBJECT IS NULL OR EMPTY' },
  4005: { name: 'INVALID_PAYLOAD', message: '유효하지 않은 페이로드' },
} as const;

export type TokenCode = keyof typeof GATEWAY_TOKEN_CODES;

/**
 * Each reason the kit gateway refuses a token with, as the seed code that means the same. A revoked token is
 * 4002 because the seed answered `만료된 토큰` for a logged-out one (spec §3, step 2); a header that is there but
 * is not one `Bearer <token>` is neither missing nor a bad token, so it gets the catch-all 4003.
 */
const CODE_OF_REASON: Readonly<Partial<Record<Reason, TokenCode>>> = {
  'token-missing': 4000,
  'token-scheme': 4001,
  'token-invalid-signature': 4001,
  'token-unknown-key': 4001,
  'token-algorithm-not-allowed': 4001,
  'token-expired': 4002,
  'token-revoked': 4002,
  'authorization-malformed': 4003,
  'token-not-yet-valid': 4003,
  'token-malformed': 4005,
  'token-invalid-claims': 4005,
};

/** The seed gateway's `result_message` for every token it refused (spec §2, `Auth*HeaderFilter.onError`). */
const UNAUTHORIZED = 'Unauthorized';

/** The seed's code for a token refusal; undefined for every other reason (they carry no token code). */
export const tokenCodeOf = (reason: Reason): TokenCode | undefined => CODE_OF_REASON[reason];

/**
 * How the envelope words a refused token: the seed's message and description, `코드(4002) - 만료된 토큰`, with
 * the kit's own words on what was wrong after it, so a client that parsed the seed's prefix still can and a
 * person learns what to do. Undefined when the reason is no token refusal.
 */
export function tokenRefusal(
  reason: Reason,
  detail: string,
): { code: TokenCode; message: string; description: string } | undefined {
  const code = tokenCodeOf(reason);
  if (code === undefined) return undefined;
  return {
    code,
    message: UNAUTHORIZED,
    description: `코드(${code}) - ${GATEWAY_TOKEN_CODES[code].message}: ${detail}`,
  };
}
