import { decodeJwt } from 'jose';
import type { TokenVerdict } from './claims.ts';
import type { TokenVerifier } from './tokens.ts';

/** One issuer a gateway trusts: its verifier, and the roles its tokens may carry. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly verifier: TokenVerifier;
  /** A token of this issuer naming another role is refused: each role is signed by its own service. */
  readonly roles?: readonly string[];
}

/**
 * A verifier over several issuers (commerce: user, seller and supervisor each sign their own tokens with their
 * own key). The token's `iss` only chooses which issuer's keys to try; that issuer's verifier then checks the
 * signature and `iss` again, so a made-up `iss` fails like any other forgery. The unverified `role` is never
 * used to choose; after verification it must be one the issuer may grant.
 */
export function issuersVerifier(issuers: readonly TrustedIssuer[]): TokenVerifier {
  const byIssuer = new Map(issuers.map((entry) => [entry.issuer, entry]));
  if (byIssuer.size !== issuers.length) throw new Error('the gateway trusts one issuer twice; name each once');
  return {
    async verify(token) {
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return { ok: false, reason: 'token-malformed', detail: 'the bearer token is not a JWT; sign in again' };
      }
      const entry = typeof issuer === 'string' ? byIssuer.get(issuer) : undefined;
      if (!entry) {
        return { ok: false, reason: 'token-invalid-claims', detail: 'the token was not issued by this system' };
      }
      const verdict: TokenVerdict = await entry.verifier.verify(token);
      if (!verdict.ok || !entry.roles || entry.roles.includes(verdict.claims.role)) return verdict;
      return {
        ok: false,
        reason: 'token-invalid-claims',
        detail: `${entry.issuer} does not issue ${verdict.claims.role} tokens; sign in where that role signs in`,
      };
    },
  };
}
