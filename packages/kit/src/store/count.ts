import type { SelectQueryBuilder } from 'kysely';

/** How many rows a list's filtered query matches, whatever the engine's type for a count (a list's total). */
export async function countOf<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  const counted = query.select((eb) => eb.fn.countAll<number | string>().as('total'));
  // Kysely cannot name the selection of a query generic over its tables; the one column is `total`.
  const row = (await counted.executeTakeFirstOrThrow()) as { total: number | string };
  return Number(row.total);
}
