/**
 * Every reason the kit answers with: its status, a title and what the caller can do about it. One catalog for
 * the gateway and every service, typed, so a misspelt reason does not compile. A system that numbers its
 * errors maps these reasons to its seed's codes in its `errorBody`; the kit knows no system's codes.
 */
export const REASONS = {
  // The request itself
  'invalid-request': { status: 400, title: 'Invalid request', action: 'fix the fields listed in `errors`' },
  'invalid-value': { status: 400, title: 'Invalid value', action: 'send a value the field can hold' },
  'malformed-json': { status: 400, title: 'Malformed JSON', action: 'send a well-formed JSON body' },
  'bad-request': { status: 400, title: 'Bad request', action: 'read the detail and correct the request' },
  'bad-url': { status: 400, title: 'Bad URL', action: 'percent-encode the path and query correctly' },
  'bad-path': { status: 400, title: 'Bad path', action: 'use a path without dot segments or encoded slashes' },
  'bad-content-length': { status: 400, title: 'Bad Content-Length', action: 'send one correct Content-Length' },
  'refused-key': { status: 400, title: 'Refused key', action: 'rename the field; prototype keys are refused' },
  'request-security': { status: 400, title: 'Refused request', action: 'send the request without the refused part' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', action: 'send application/json' },
  'body-too-large': { status: 413, title: 'Content too large', action: 'send a smaller body' },
  // Who is calling
  'token-missing': { status: 401, title: 'Sign in first', action: 'send Authorization: Bearer <access token>' },
  'token-scheme': { status: 401, title: 'Not a bearer token', action: 'send Authorization: Bearer <token>' },
  'authorization-malformed': { status: 401, title: 'Malformed Authorization', action: 'send one Bearer token' },
  'token-malformed': { status: 401, title: 'Malformed token', action: 'sign in again for a new token' },
  'token-expired': { status: 401, title: 'Token expired', action: 'refresh or sign in again' },
  'token-not-yet-valid': { status: 401, title: 'Token not yet valid', action: 'check the clock; retry later' },
  'token-invalid-signature': { status: 401, title: 'Invalid token', action: 'sign in again for a new token' },
  'token-invalid-claims': { status: 401, title: 'Invalid token', action: 'sign in again for a new token' },
  'token-unknown-key': { status: 401, title: 'Unknown signing key', action: 'sign in again for a new token' },
  'token-algorithm-not-allowed': { status: 401, title: 'Invalid token', action: 'sign in again for a new token' },
  'token-revoked': { status: 401, title: 'Token revoked', action: 'sign in again; this token was logged out' },
  'vouch-malformed': { status: 401, title: 'Unvouched caller', action: 'call the service through its gateway' },
  'vouch-forged': { status: 401, title: 'Unvouched caller', action: 'call the service through its gateway' },
  'vouch-expired': { status: 401, title: 'Unvouched caller', action: 'call the service through its gateway' },
  'vouch-other-request': { status: 401, title: 'Unvouched caller', action: 'call the service through its gateway' },
  'operator-token-required': { status: 401, title: 'Operators only', action: 'send `mosaic operator-token`' },
  'operator-token-invalid': { status: 401, title: 'Operators only', action: 'mint a fresh operator token' },
  unauthenticated: { status: 401, title: 'Sign in first', action: 'send a valid access token' },
  'role-not-allowed': { status: 403, title: 'Forbidden', action: "use an account with one of the route's roles" },
  'origin-not-allowed': { status: 403, title: 'Origin not allowed', action: 'call from an allowed origin' },
  forbidden: { status: 403, title: 'Forbidden', action: 'use an account whose role may do this' },
  'ip-blocked': { status: 403, title: 'Blocked for a while', action: 'wait for Retry-After, then slow down' },
  // What is asked for
  'not-found': { status: 404, title: 'Not found', action: 'check the id; list the collection to find one' },
  'route-not-found': { status: 404, title: 'No such route', action: 'see /openapi.json for the routes' },
  'no-route': { status: 404, title: 'No such route', action: 'see /openapi.json for the routes' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', action: 'use one of the methods in Allow' },
  'timed-out': { status: 408, title: 'Timed out', action: 'retry; something this request needed did not answer' },
  conflict: { status: 409, title: 'Conflict', action: 'read the resource again; the change no longer applies' },
  'service-rate-limited': { status: 429, title: 'Service busy', action: 'wait for Retry-After, then retry' },
  'rate-limited': { status: 429, title: 'Too many requests', action: 'wait for Retry-After, then retry' },
  // The system's side
  'gateway-failure': { status: 500, title: 'Gateway failure', action: 'retry later; quote the request id' },
  internal: { status: 500, title: 'Internal error', action: 'retry later; quote the request id if it persists' },
  'injected-fault': { status: 500, title: 'Injected fault', action: 'a test injected this failure' },
  'upstream-unreachable': { status: 502, title: 'Bad gateway', action: 'retry; the service could not be reached' },
  'no-instance': { status: 503, title: 'Service unavailable', action: 'retry after Retry-After' },
  'circuit-open': { status: 503, title: 'Service unavailable', action: 'retry after Retry-After' },
  unavailable: { status: 503, title: 'Service unavailable', action: 'retry after Retry-After' },
  'auth-unavailable': { status: 503, title: 'Sign-in unavailable', action: 'retry after Retry-After' },
  'token-keys-unavailable': { status: 503, title: 'Sign-in unavailable', action: 'retry after Retry-After' },
  'upstream-timeout': { status: 504, title: 'Gateway timeout', action: 'retry; the service did not answer in time' },
} as const satisfies Readonly<Record<string, { status: number; title: string; action: string }>>;

export type Reason = keyof typeof REASONS;

/** Everything a system's error body may be made from. */
export interface ErrorFacts {
  status: number;
  reason: Reason;
  /** What was wrong, in words for the caller. */
  detail: string;
  requestId: string;
  /** Each bad field, for validation failures. */
  errors?: readonly { field: string; message: string }[];
  /** What a use case added (a domain code, the resource's state, Retry-After seconds). */
  extra?: Readonly<Record<string, unknown>>;
}

/** A system's own error body (school: `{status, code, message}`); the kit sends it as JSON with the status. */
export type ErrorBody = (error: ErrorFacts) => unknown;

export const titleOf = (reason: Reason): string => REASONS[reason].title;
export const statusOf = (reason: Reason): number => REASONS[reason].status;
