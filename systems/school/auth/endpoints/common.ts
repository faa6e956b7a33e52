import { endpointsOf } from '@mosaic/kit/service';
import { ROLES } from '../../contracts/accounts.ts';
import { badRequest, COMMON_CODES } from '../../contracts/envelope.ts';
import type { AuthContext } from '../commands/context.ts';
import { imageType } from '../uploads.ts';

export const endpoint = endpointsOf<AuthContext>();

/** Any signed-in account. Ownership ("that student, or admin") is checked by the service; the gateway checks the role. */
export const ANY = ROLES;

export const PROFILE_MAX_BYTES = 5 * 1024 * 1024;
export const EXCEL_MAX_BYTES = 10 * 1024 * 1024;

/** The gateway's body limit for an upload: the file and the multipart framing and fields around it. */
export const multipartLimit = (bytes: number) => bytes + 64 * 1024;

/** The profile image of an upload, typed from its first bytes; a missing or non-image file is a 400 -203. */
export function profileOf(data: Buffer | undefined) {
  if (!data || data.length === 0)
    throw badRequest('attach the profile image as the "profile" field', COMMON_CODES.validationFailed);
  const contentType = imageType(data);
  if (!contentType)
    throw badRequest('the profile must be a PNG, JPEG, GIF or WebP image', COMMON_CODES.validationFailed);
  return { contentType, data };
}

/** The seed meant to refuse a lookup with no filter at all (its check was dead code, spec §0). */
export function requireSomeFilter<Q extends object>(query: Q, names: readonly (keyof Q & string)[]) {
  const given = (name: keyof Q) => {
    const value: unknown = query[name];
    return value !== undefined && value !== '' && value !== 0;
  };
  if (!names.some(given)) throw badRequest(`give at least one of ${names.join(', ')}`, COMMON_CODES.validationFailed);
}
