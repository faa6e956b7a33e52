import type { TokenClaims, TokenFailure, TokenVerdict } from '../../auth/claims.ts';
import type { Revocations } from '../../auth/revocations.ts';
import type { TokenVerifier } from '../../auth/tokens.ts';
import type { Reason } from '../../http/catalog.ts';
import type { Logger } from '../../observability/logger.ts';
import { type Exchange, type GatewayAnswer, type GatewayStage, whenAnswered } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Stage 4: on every route that is not public, a `Bearer` JWT verified locally (signature with the pinned
 * algorithm, exp, nbf, iss, aud) and not revoked → `exchange.claims`; otherwise 401 with the reason. Only a
 * failure to get the keys or to read the revocation list is the gateway's fault (503).
 */
export function authenticate(
  verifier: TokenVerifier | undefined,
  revocations: Revocations,
  system: string,
  problems: Problems,
  logger: Logger,
): GatewayStage {
  const challenge = (error?: string) => ({
    'www-authenticate': error ? `Bearer realm="${system}", error="${error}"` : `Bearer realm="${system}"`,
  });
  const refuse = (exchange: Exchange, reason: TokenFailure | Reason, detail: string): GatewayAnswer =>
    problems.answer(exchange, 401, reason, detail, {
      headers: challenge(reason === 'token-missing' ? undefined : 'invalid_token'),
    });

  // Synchronous wherever the answer is at hand (public routes, a token seen before, in-memory revocations): a
  // promise per request is not free, so only a real wait (a new token's keys, Redis) is awaited.
  return (exchange) => {
    const route = exchange.route;
    if (!route || route.auth === 'public') return undefined;
    // A route table with protected routes and no auth config is refused at start-up; this is a second lock.
    if (!verifier) return refuse(exchange, 'token-missing', 'this route needs a token but the gateway checks none');
    const header = exchange.request.headers.authorization;
    if (!header) return refuse(exchange, 'token-missing', 'send an Authorization: Bearer <token> header');
    // Exactly one space, read without splitting: an array per request for two strings is not free.
    const space = header.indexOf(' ');
    if (space === -1 || space === header.length - 1 || header.indexOf(' ', space + 1) !== -1) {
      return refuse(exchange, 'authorization-malformed', 'the Authorization header must be exactly "Bearer <token>"');
    }
    const scheme = header.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') {
      return refuse(exchange, 'token-scheme', `the Authorization scheme must be Bearer, not ${scheme.slice(0, 20)}`);
    }
    const token = header.slice(space + 1);
    return whenAnswered(
      () => verifier.verify(token),
      (verdict) => admit(exchange, verdict),
    );
  };

  function admit(
    exchange: Exchange,
    verdict: TokenVerdict,
  ): GatewayAnswer | undefined | Promise<GatewayAnswer | undefined> {
    if (!verdict.ok) {
      if (verdict.reason === 'token-keys-unavailable') {
        logger.error({ detail: verdict.detail }, 'token keys unavailable');
        return problems.answer(
          exchange,
          503,
          'auth-unavailable',
          'tokens cannot be checked right now (the signing keys could not be fetched); try again shortly',
          { headers: { 'retry-after': '5' } },
        );
      }
      return refuse(exchange, verdict.reason, verdict.detail);
    }
    const { claims } = verdict;
    return whenAnswered(
      () => revocations.isRevoked(claims.jti),
      (revoked) => revocationVerdict(exchange, claims, revoked),
      (error) => unreadable(exchange, error),
    );
  }

  function revocationVerdict(exchange: Exchange, claims: TokenClaims, revoked: boolean): GatewayAnswer | undefined {
    if (revoked) return refuse(exchange, 'token-revoked', 'the token was revoked (signed out); sign in again');
    exchange.claims = claims;
    return undefined;
  }

  /** Failing open would let a logged-out token back in; failing closed costs one retry. */
  function unreadable(exchange: Exchange, error: unknown): GatewayAnswer {
    logger.error({ err: error }, 'revocations could not be read');
    return problems.answer(exchange, 503, 'auth-unavailable', 'tokens cannot be checked right now; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  }
}
