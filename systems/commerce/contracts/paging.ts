import { type Static, stringEnum, type TSchema, Type } from '@mosaic/kit/http';
import type { Pagination } from './envelope.ts';

/** The seed's paging (Spring's, from page 0); more than the maximum is refused, not cut. */
const PAGE_SIZE_DEFAULT = 20;
const PAGE_SIZE_MAX = 100;

export interface PageRequest {
  page: number;
  size: number;
}

export interface Found<T> {
  rows: T[];
  total: number;
}

const paging = {
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'which page, from 0' })),
  size: Type.Optional(
    Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT, description: 'rows a page' }),
  ),
};

/** A list's query: its filters (each optional), then `page` and `size`, filled in by validation. */
export function listQuery<F extends Record<string, TSchema>>(filters: F) {
  const optional = Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, Type.Optional(s)]));
  return Type.Unsafe<Partial<{ [K in keyof F]: Static<F[K]> }> & PageRequest>(Type.Object({ ...optional, ...paging }));
}

/** The envelope's `pagination` for one page of a list. */
export function paginationOf(request: PageRequest, found: Found<unknown>): Pagination {
  return {
    page: request.page,
    size: request.size,
    current_elements: found.rows.length,
    total_elements: found.total,
    total_page: Math.ceil(found.total / request.size),
  };
}

export const offsetOf = (request: PageRequest) => request.page * request.size;

/** Status values are exact and case-sensitive; any other is a 400 listing the allowed ones. */
export function statusSchema<S extends string>(allowed: readonly S[], what: string) {
  return stringEnum(allowed, { description: `${what} (exact, case-sensitive)` });
}

export const Id = (description: string) => Type.Integer({ minimum: 1, description });
