import type { Identity } from '@mosaic/kit/auth';
import { type Role, roleOf } from './accounts.ts';
import { forbidden, unauthorized } from './envelope.ts';

/**
 * Who is calling. The gateway verifies the token and vouches for its `sub` and `role` (a signed
 * `x-mosaic-vouch` bound to the request); the kit believes only a vouch it verified and hands the identity to
 * each endpoint as `caller`, so services can trust it and do the ownership checks.
 */
export const SUBJECT_HEADER = 'x-mosaic-subject';
export const ROLE_HEADER = 'x-mosaic-role';

export interface Caller {
  uuid: string;
  role: Role;
}

/** The signed-in person calling, or undefined on a public route called without a token (or by a service). */
export function callerOf(identity: Identity | undefined): Caller | undefined {
  if (!identity || !('sub' in identity)) return undefined;
  // The uuid says the kind of account; a role claim that disagrees is a token auth never issued.
  if (roleOf(identity.sub) !== identity.role) return undefined;
  return { uuid: identity.sub, role: identity.role as Role };
}

/** The caller, or a 401 envelope: the route needs a signed-in account. */
export function requireCaller(identity: Identity | undefined): Caller {
  const caller = callerOf(identity);
  if (!caller) throw unauthorized('sign in first: this route needs an access token (Authorization: Bearer …)', -101);
  return caller;
}

/** The caller when their role is one of `roles`, else a 403 envelope with `code`. */
export function requireRole(identity: Identity | undefined, roles: readonly Role[], code = 0): Caller {
  const caller = requireCaller(identity);
  if (!roles.includes(caller.role)) {
    throw forbidden(`a ${caller.role} may not do this; it needs a ${roles.join(' or ')} account`, code);
  }
  return caller;
}

/** The headers that make a service-to-service call on behalf of `caller`: the kit's client vouches for them. */
export function identityHeaders(caller: Caller): Record<string, string> {
  return { [SUBJECT_HEADER]: caller.uuid, [ROLE_HEADER]: caller.role };
}
