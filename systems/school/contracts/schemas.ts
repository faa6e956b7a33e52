import { PATTERN_MEANS, Type } from '@mosaic/kit/http';
/**
 * Schema pieces (TypeBox: each is its JSON Schema and its type) the school's services and its gateway share (the seed's validator tags, spec §0).
 * Strings count characters (runes), as go-playground's `min`/`max` did.
 */

/** `phone_number`: a Korean mobile number, 11 digits from 010 (anchored, unlike the seed). */
export const phoneNumber = Type.String({ pattern: '^010[0-9]{8}$', [PATTERN_MEANS]: '010 followed by 8 digits' });

/** `korean`: every character Hangul; names are 2–4 of them. */
export const koreanName = Type.String({ pattern: '^[가-힣]{2,4}$', [PATTERN_MEANS]: '2 to 4 Hangul syllables' });

/** A login id or password: 4–16 characters. */
export const credential = Type.String({ minLength: 4, maxLength: 16 });

/** `int_len=10`: Unix seconds written with 10 digits. */
export const epochSeconds = Type.Integer({ minimum: 1_000_000_000, maximum: 9_999_999_999 });

/** Offset paging as the seed's lists: `start` skips, `count` 0 means the route's default. */
export const pageQuery = {
  start: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 0 })),
};

/** The seed's lists default to 10 items when `count` is 0 or absent. */
export function pageSize(count: number | undefined, fallback = 10): number {
  return count && count > 0 ? count : fallback;
}
