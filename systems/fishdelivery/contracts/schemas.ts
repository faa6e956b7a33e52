/** JSON-schema pieces every fishdelivery service shares; each service's `schemas.ts` builds its routes' from them. */

export const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, description: 'numeric id' } },
} as const;

/** The seed's Spring Data REST paging: 20 items a page by default; more than the maximum is refused, not cut. */
const PAGE_SIZE_DEFAULT = 20;
const PAGE_SIZE_MAX = 1000;

const pageQuery = {
  page: { type: 'integer', minimum: 0, default: 0, description: 'which page, from 0' },
  size: {
    type: 'integer',
    minimum: 1,
    maximum: PAGE_SIZE_MAX,
    default: PAGE_SIZE_DEFAULT,
    description: `items a page, at most ${PAGE_SIZE_MAX}`,
  },
} as const;

export const orderIdFilter = { type: 'integer', minimum: 1, description: 'only the row of this order' } as const;

/** A list's query: its filters, then `page` and `size`. */
export function listQuery<F extends Record<string, object>>(filters: F) {
  return { type: 'object', properties: { ...filters, ...pageQuery } } as const;
}
