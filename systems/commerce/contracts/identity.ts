import { type EndpointRequest, HttpError } from '@mosaic/kit/service';

/** Who the gateway vouched for (the kit does not export its Identity type by name). */
type Identity = EndpointRequest<unknown, unknown, unknown>['caller'];

/** The seed's three roles (spec §3); each signs in with its own service and key. */
export const ROLES = ['USER', 'SELLER', 'SUPERVISOR'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The gateway's role sets, one per path prefix (spec §4): `auth-user` USER, `auth-seller` SELLER, `auth-super`
 * SUPERVISOR; the supervisor may call every route. The services check the same again (a caller may reach a
 * service's port without the gateway) and then the ownership.
 */
export const AUTH_USER = { auth: ['USER', 'SUPERVISOR'] } as const;
export const AUTH_SELLER = { auth: ['SELLER', 'SUPERVISOR'] } as const;
export const AUTH_SUPER = { auth: ['SUPERVISOR'] } as const;
export const OPEN_API = { auth: 'public' } as const;

/** A signed-in person: the seed's ids are numbers (users and managers are numbered apart, so the role matters). */
export interface Caller {
  id: number;
  role: Role;
}

/** The caller when its role is one of `roles`: 401 without a person, 403 with another role. */
export function requireRole(identity: Identity, roles: readonly Role[]): Caller {
  if (!identity || !('sub' in identity)) {
    throw new HttpError('unauthenticated', 'sign in first: this route needs an access token');
  }
  const role = ROLES.find((r) => r === identity.role);
  const id = Number(identity.sub);
  if (!role || !Number.isSafeInteger(id) || id < 1) {
    throw new HttpError('unauthenticated', 'the token names no account of this shop; sign in again');
  }
  if (!roles.includes(role)) {
    throw new HttpError('forbidden', `a ${role} may not do this; it needs a ${roles.join(' or ')} account`, {
      rule: 'role-not-allowed',
    });
  }
  return { id, role };
}

export const forbidden = (rule: string, message: string) => new HttpError('forbidden', message, { rule });
