import { Type } from '@mosaic/kit/http';

/** Every rooms token is for the rooms gateway and signed by member, which publishes its keys at JWKS_PATH. */
export const TOKEN_ISSUER = 'https://rooms.example/member';
export const TOKEN_AUDIENCE = 'rooms';
export const JWKS_PATH = '/members/jwks.json';

/** A working day: a member signs in once in the morning. */
export const TOKEN_LIFETIME_SEC = 12 * 3600;

/** The seed's member id: five digits ("예약사용자ID(5자리)", e.g. 06675). */
export const UserId = (description: string) =>
  Type.String({ pattern: '^[0-9]{5}$', description, 'x-pattern-means': 'five digits, like 06675' });
