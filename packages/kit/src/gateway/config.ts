import type { JWK } from 'jose';
import type { BreakerOptions } from '../calls/breaker.ts';
import type { ErrorBody, ErrorFacts } from '../http/catalog.ts';
import type { TrustProxy } from './request.ts';
import type { GatewayRoute } from './route.ts';
import type { CorsOptions } from './stages/cors.ts';
import type { RequestSecurityOptions } from './stages/request-security.ts';

/** How the gateway checks bearer tokens. Public routes never look at them. */
export interface GatewayAuthConfig {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry (this system). */
  audience: string;
  /** Pinned; default ['ES256']. An HMAC algorithm only with `secret`, never mixed with public keys. */
  algorithms?: string[];
  keys:
    | {
        /**
         * The issuer's JWKS, fetched through the kit client (registry, round robin, breaker) on first use and
         * again when a token names an unknown `kid` (key rotation), at most once per 30 s.
         */
        jwks: { service: string; path: string };
      }
    | { keys: JWK[] }
    | { secret: string };
  /** Clock skew allowed for exp/nbf; default 5 s. */
  clockToleranceSec?: number;
  /**
   * With several issuers: the roles this issuer's tokens may carry. A token naming another role is refused, so
   * one role's service can never sign for another role.
   */
  roles?: readonly string[];
}

export interface GatewayLimits {
  /** Seed: 50 requests per 1000 ms, then blocked for 60 000 ms (429 once, then 403 with Retry-After). */
  perIp?: { max: number; windowMs: number; blockMs: number };
  /** Most requests per second the gateway sends to each named service (429 beyond it). */
  perService?: Record<string, number>;
}

/** What a system's error body is made from: a system maps `reason` to its own codes (the kit knows none). */
export type GatewayProblem = ErrorFacts;

/** A system's gateway, as declared in its `system.ts` (the runtime adds the registry, cache and limiter). */
export interface GatewayConfig {
  routes: readonly GatewayRoute[];
  /**
   * How tokens are checked: one issuer, or several (each role signed by its own service with its own key; the
   * token's `iss` picks the issuer, never its unverified role).
   */
  auth?: GatewayAuthConfig | readonly GatewayAuthConfig[];
  limits?: GatewayLimits;
  /** Omit when no browser on another origin calls the gateway. */
  cors?: CorsOptions;
  security?: { requestSecurity?: RequestSecurityOptions };
  /** A system's own error body (school: `{status, code, message}`); default RFC 9457 problem+json. */
  errorBody?: ErrorBody;
  /** For routes without their own `timeoutMs`; default 3000. */
  defaultTimeoutMs?: number;
  /** Per upstream instance; default 5 consecutive failures, 10 s open. */
  breaker?: BreakerOptions;
  /** Largest request body accepted where a route says nothing; default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * Behind a load balancer, trust its X-Forwarded-For for the client IP (Fastify's `trustProxy`): true, the
   * balancer's addresses or CIDR ranges. Default false: the per-IP limit counts the socket's address.
   */
  trustProxy?: TrustProxy;
}
