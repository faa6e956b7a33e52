import type { TokenClaims } from '../../auth/claims.ts';
import type { Revocations } from '../../auth/revocations.ts';
import type { Logger } from '../../observability/logger.ts';
import type { AfterStage, GatewayAnswer } from '../pipeline.ts';

/**
 * After the proxy, on routes marked `revokesToken` (logout): once the service has answered 2xx, the caller's
 * token is refused by every gateway replica until it would have expired anyway.
 */
export function revokeToken(revocations: Revocations, logger: Logger): AfterStage {
  return (exchange, answer) => {
    const { route, claims } = exchange;
    if (!route?.revokesToken || !claims || answer.status < 200 || answer.status >= 300) return undefined;
    return revoke(claims, answer);
  };

  async function revoke(claims: TokenClaims, answer: GatewayAnswer): Promise<void> {
    try {
      await revocations.revoke(claims.jti, claims.exp * 1000);
    } catch (error) {
      // The service logged the caller out but the token still works: say so loudly, and tell the caller.
      logger.error({ err: error, jti: claims.jti }, 'token revocation failed');
      answer.status = 503;
      answer.headers = { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' };
      answer.body = 'signed out, but the token could not be revoked; sign out again';
    }
  }
}
