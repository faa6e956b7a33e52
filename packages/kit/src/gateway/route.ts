// What one line of a gateway's route table says, and what matching a request against the table answers.
import type { TokenClaims } from '../auth/claims.ts';

/** A JSON Schema (draft 2020-12 / 07 subset Ajv understands), as plain data: the same object the service uses. */
export type JSONSchema = Readonly<Record<string, unknown>>;

/** Who may call a route: anyone, holders of one of these roles (the token's `role` claim), or whoever the predicate accepts. */
export type RouteAuth = 'public' | readonly string[] | ((claims: TokenClaims) => boolean);

export interface RouteCache {
  /** Default 60. */
  ttlSec?: number;
  /**
   * Key template, e.g. `outings.:outing_uuid` or `students.{claims:sub}.outings.start.{query:start}`:
   * `:name` is a route parameter, `{query:name}` a query value (empty when absent), `{claims:name}` a claim
   * of the caller's token. Values are escaped, so a value cannot reach into another key or add a wildcard.
   */
  key: string;
  /**
   * The response belongs to the caller: the key also carries the caller's `sub`, so one user's answer is never
   * served to another. Use it for anything the service filters or checks by owner.
   */
  private?: boolean;
}

/**
 * One line of a gateway's route table: where requests go, and which stages apply. The gateway checks the
 * whole table at start-up (unknown parameters, a cache on a public route that needs a caller, ...).
 */
export interface GatewayRoute {
  /** One method, several, or '*' for any. A GET route also answers HEAD. */
  method: string | readonly string[];
  /**
   * `/orders` (exact), `/orders/:id` (a named segment), `/orders/**` (`/orders` itself and anything below).
   * When several routes match, the most specific wins: literal over `:param` over `**`, left to right.
   */
  path: string;
  /** The service name in the registry; requests go to its instances, path and query unchanged. */
  service: string;
  /** Default: any caller with a valid token, whatever its role. */
  auth?: RouteAuth;
  /** Checked at the gateway (400 listing each bad field) before the service is called. */
  schema?: { params?: JSONSchema; querystring?: JSONSchema; body?: JSONSchema };
  /** GET answers (200 only) kept in the shared cache. */
  cache?: RouteCache;
  /**
   * Cache key patterns removed after a 2xx answer (never after a failure): same placeholders as `cache.key`,
   * plus `*` for any run of characters (`outings.filter*`).
   */
  invalidates?: readonly string[];
  /** Overrides the gateway's default timeout for this route. */
  timeoutMs?: number;
  /** On a 2xx the caller's token is revoked until its exp (logout). */
  revokesToken?: true;
  /** Overrides the gateway's body limit for this route (413 beyond it). */
  bodyLimitBytes?: number;
  /**
   * The answer is a stream (server-sent events): relayed chunk by chunk as the service sends it, for as long as
   * it does; `timeoutMs` covers only its head. The after stages would act on an answer still flowing, so a stream
   * route may not have `cache`, `invalidates` or `revokesToken`.
   */
  stream?: true;
  /** One line for the OpenAPI document. */
  summary?: string;
}

export type RouteMatch =
  | { kind: 'found'; route: GatewayRoute; params: Readonly<Record<string, string>> }
  | { kind: 'method-not-allowed'; allow: readonly string[] }
  | { kind: 'not-found' };

export interface RouteTable {
  readonly routes: readonly GatewayRoute[];
  /** `path` is the request target without its query. */
  match(method: string, path: string): RouteMatch;
}
