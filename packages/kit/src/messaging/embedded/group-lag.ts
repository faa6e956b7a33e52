import type { BusDb } from './bus-tables.ts';

/**
 * Events of `types` after `position` and up to `head`: what the group has not finished. Events it finished out
 * of order past its oldest unfinished one are counted too, as its saved position would replay them after a crash.
 */
export async function countBehind(
  db: BusDb,
  position: number,
  head: number,
  types: readonly string[],
): Promise<number> {
  if (head <= position || types.length === 0) return 0;
  const row = await db
    .selectFrom('bus_event')
    .select((eb) => eb.fn.countAll().as('behind'))
    .where('seq', '>', position)
    .where('seq', '<=', head)
    .where('type', 'in', types)
    .executeTakeFirst();
  return Number(row?.behind ?? 0);
}
