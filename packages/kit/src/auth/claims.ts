/**
 * What a verified access token says (the contract between an auth service that issues tokens and every
 * gateway that checks them). Extra claims are kept for route predicates.
 */
export interface TokenClaims {
  /** The account, e.g. an account uuid; forwarded upstream as `x-mosaic-subject`. */
  sub: string;
  /** Matched against a route's role list; forwarded upstream as `x-mosaic-role`. */
  role: string;
  /** The token's id: what a logout revokes. */
  jti: string;
  iss: string;
  aud: string | string[];
  /** Epoch seconds. */
  exp: number;
  iat?: number;
  nbf?: number;
  [claim: string]: unknown;
}

/** Why a token was refused: the gateway's `reason`, and a sentence for the caller. */
export type TokenFailure =
  | 'token-malformed'
  | 'token-algorithm-not-allowed'
  | 'token-unknown-key'
  | 'token-invalid-signature'
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'token-invalid-claims'
  | 'token-revoked'
  /** The keys could not be fetched: not the caller's fault (the gateway answers 503). */
  | 'token-keys-unavailable';

export type TokenVerdict = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure; detail: string };
