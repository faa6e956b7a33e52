import { jwtVerify, SignJWT } from 'jose';

export interface OperatorTokens {
  /** A bearer token for the system's operator routes, valid `ttlSec` (default 12 h). */
  issue(ttlSec?: number): Promise<string>;
  /** True for a token this system issued that has not expired. */
  verify(token: string): Promise<boolean>;
}

const DEFAULT_TTL_SEC = 12 * 3600;

/** Operator tokens: JWTs (HS256) with the `operator` role, for one system, signed with its operator key. */
export function createOperatorTokens(system: string, key: Buffer): OperatorTokens {
  const audience = `mosaic:${system}:operator`;
  return {
    issue(ttlSec = DEFAULT_TTL_SEC) {
      return new SignJWT({ role: 'operator' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('operator')
        .setIssuer('mosaic')
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSec}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience, issuer: 'mosaic' });
        return payload.role === 'operator';
      } catch {
        return false;
      }
    },
  };
}
