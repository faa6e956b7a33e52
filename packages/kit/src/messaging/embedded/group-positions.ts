import type { BusDb } from './bus-tables.ts';

/**
 * Creates the group on first use and returns its position. A new group starts at `start` (0: before the first
 * event; the log's head: only what comes next); an existing group keeps where it was.
 */
export async function joinGroup(db: BusDb, group: string, start: number): Promise<number> {
  const existing = await positionOf(db, group);
  if (existing !== undefined) return existing;
  await db
    .insertInto('bus_group')
    .values({ name: group, position: start, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await positionOf(db, group)) ?? start;
}

export async function savePosition(db: BusDb, group: string, position: number): Promise<void> {
  await db.updateTable('bus_group').set({ position }).where('name', '=', group).execute();
}

/** Puts the group before the first event of the log, creating it if it never existed. */
export async function rewindGroup(db: BusDb, group: string): Promise<void> {
  await db
    .insertInto('bus_group')
    .values({ name: group, position: 0, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ position: 0 }))
    .execute();
}

/** The group's saved position, or undefined when no such group was ever created. */
export async function positionOf(db: BusDb, group: string): Promise<number | undefined> {
  const row = await db.selectFrom('bus_group').select('position').where('name', '=', group).executeTakeFirst();
  return row ? Number(row.position) : undefined;
}
