import type { FastifyRequest } from 'fastify';
import { type Role, roleOf } from './accounts.ts';
import { forbidden, unauthorized } from './envelope.ts';

/**
 * Who is calling. The gateway verifies the token and vouches for its `sub` and `role` (a signed
 * `x-mosaic-vouch` bound to the request); the kit sets these headers from a vouch it verified, and only then,
 * so services can trust them and do the ownership checks.
 */
export const SUBJECT_HEADER = 'x-mosaic-subject';
export const ROLE_HEADER = 'x-mosaic-role';

export interface Caller {
  uuid: string;
  role: Role;
}

/** The caller, or undefined on a public route called without a token. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  const uuid = request.headers[SUBJECT_HEADER];
  const role = request.headers[ROLE_HEADER];
  if (typeof uuid !== 'string' || typeof role !== 'string') return undefined;
  // The uuid says the kind of account; a role claim that disagrees is a token auth never issued.
  if (roleOf(uuid) !== role) return undefined;
  return { uuid, role: role as Role };
}

/** The caller, or a 401 envelope: the route needs a signed-in account. */
export function requireCaller(request: FastifyRequest): Caller {
  const caller = callerOf(request);
  if (!caller) throw unauthorized('sign in first: this route needs an access token (Authorization: Bearer …)', -101);
  return caller;
}

/** The caller when their role is one of `roles`, else a 403 envelope with `code`. */
export function requireRole(request: FastifyRequest, roles: readonly Role[], code = 0): Caller {
  const caller = requireCaller(request);
  if (!roles.includes(caller.role)) {
    throw forbidden(`a ${caller.role} may not do this; it needs a ${roles.join(' or ')} account`, code);
  }
  return caller;
}

/** The headers that make a service-to-service call on behalf of `caller`: the kit's client vouches for them. */
export function identityHeaders(caller: Caller): Record<string, string> {
  return { [SUBJECT_HEADER]: caller.uuid, [ROLE_HEADER]: caller.role };
}
