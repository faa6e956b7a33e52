/**
 * Status values are exact and case-sensitive, in each resource's own words: an order is `PAID`, its MyPage
 * `paid`. An `enum`, so the gateway and the service refuse any other value, case included, with a 400
 * that lists the allowed ones (`query.status must be one of: paid, canceled`), and /openapi.json shows them.
 */
export function statusSchema<S extends string>(allowed: readonly S[], what: string) {
  return { type: 'string', enum: allowed, description: `${what} (exact, case-sensitive)` } as const;
}
