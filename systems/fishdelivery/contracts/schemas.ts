import { PATTERN_MEANS, type Static, stringEnum, type TSchema, Type } from '@mosaic/kit/http';

/** Schema pieces every fishdelivery service shares; each service's `schemas.ts` builds its endpoints' from them. */

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'numeric id' }) });

/** A string of digits: the seed stored it as an Integer and lost the leading 0. */
export const Telephone = Type.String({
  pattern: '^[0-9]{2,15}$',
  [PATTERN_MEANS]: 'digits only, 2 to 15 of them',
  description: 'digits only; a leading 0 is kept',
});

/** The seed's Spring Data REST paging: 20 items a page by default; more than the maximum is refused, not cut. */
const PAGE_SIZE_DEFAULT = 20;
const PAGE_SIZE_MAX = 1000;

const paging = {
  page: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: PAGE_SIZE_MAX,
      default: PAGE_SIZE_DEFAULT,
      description: `items a page, at most ${PAGE_SIZE_MAX}`,
    }),
  ),
};

export const OrderIdFilter = Type.Integer({ minimum: 1, description: 'only the row of this order' });

/**
 * A list's query: its filters (each optional), then `page` and `size`. Validation fills in the page's defaults
 * before a handler runs, so the handler's type has them.
 */
export function listQuery<F extends Record<string, TSchema>>(filters: F) {
  const optional = Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, Type.Optional(s)]));
  return Type.Unsafe<Partial<{ [K in keyof F]: Static<F[K]> }> & { page: number; size: number }>(
    Type.Object({ ...optional, ...paging }),
  );
}

/**
 * Status values are exact and case-sensitive, in each resource's own words: an order is `PAID`, its MyPage
 * `paid`. An `enum`, so the gateway and the service refuse any other value, case included, with a 400
 * that lists the allowed ones (`query.status must be one of: paid, canceled`), and /openapi.json shows them.
 */
export function statusSchema<S extends string>(allowed: readonly S[], what: string) {
  return stringEnum(allowed, { description: `${what} (exact, case-sensitive)` });
}
