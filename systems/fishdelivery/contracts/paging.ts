/** Which page of a list a client asked for (validated by the list's schema). */
export interface PageRequest {
  page: number;
  size: number;
}

/** One page of rows a repository found, and how many rows match in all. */
export interface Found<T> {
  rows: T[];
  total: number;
}

/**
 * A list as the seed's Spring Data REST answered it: the rows under `_embedded.<resource>`, and where this
 * page stands in `page`. The seed's HAL `_links` are left out: no answer here carries links.
 */
export interface ListPage<T> {
  _embedded: Record<string, T[]>;
  page: { size: number; totalElements: number; totalPages: number; number: number };
}

export function listPage<T>(resource: string, request: PageRequest, found: Found<T>): ListPage<T> {
  return {
    _embedded: { [resource]: found.rows },
    page: {
      size: request.size,
      totalElements: found.total,
      totalPages: Math.ceil(found.total / request.size),
      number: request.page,
    },
  };
}

/** The offset of a page in SQL terms. */
export const offsetOf = (request: PageRequest) => request.page * request.size;
