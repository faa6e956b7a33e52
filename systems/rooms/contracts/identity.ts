import type { Identity } from '@mosaic/kit/auth';
import type { RouteAuth } from '@mosaic/kit/gateway';
import { HttpError } from '@mosaic/kit/service';
import { ROLES, type Role } from './events.ts';

/**
 * Who is calling. The gateway verifies the member's token and vouches for its `sub` (the 5-digit user id)
 * and `role`; the kit believes only that vouch and hands it to each endpoint as `caller`. The gateway already
 * refused the roles a route does not name; these helpers give the use cases a typed caller and keep the
 * checks the gateway cannot make (whose booking it is).
 */
export interface Member {
  userId: string;
  role: Role;
}

/** Routes any signed-in member or admin may call. */
export const MEMBERS: RouteAuth = ['member', 'admin'];
/** Routes only admins may call. */
export const ADMINS: RouteAuth = ['admin'];

export function memberOf(identity: Identity | undefined): Member | undefined {
  if (!identity || !('sub' in identity)) return undefined;
  const role = ROLES.find((r) => r === identity.role);
  return role ? { userId: identity.sub, role } : undefined;
}

/** The caller, or a 401: the route needs a signed-in member. */
export function requireMember(identity: Identity | undefined): Member {
  const member = memberOf(identity);
  if (!member) throw new HttpError('unauthenticated', 'sign in first: POST /members/login gives an access token');
  return member;
}

/** The caller when an admin, else a 403. */
export function requireAdmin(identity: Identity | undefined): Member {
  const member = requireMember(identity);
  if (member.role !== 'admin') throw new HttpError('forbidden', 'only an admin may do this');
  return member;
}

export const isAdmin = (member: Member) => member.role === 'admin';
