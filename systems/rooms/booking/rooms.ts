import type { Kysely, Selectable } from 'kysely';
import type { BookingTables } from './store.ts';

export type Room = { id: number; name: string; capacity: number; createdAt: string };

const toRoom = (r: Selectable<BookingTables['rooms']>): Room => ({
  id: Number(r.id),
  name: r.name,
  capacity: Number(r.capacity),
  createdAt: r.created_at,
});

/** The room catalogue. */
export function rooms(db: Kysely<BookingTables>) {
  return {
    async find(id: number): Promise<Room | undefined> {
      const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRoom(row);
    },

    /**
     * Takes the room's row lock for the rest of the transaction: every booking of one room that could overlap
     * waits here for the one before it to commit, so its overlap check sees that booking. One lock per room, so
     * bookings of different rooms never wait for each other. PostgreSQL and MySQL/MariaDB lock the row;
     * PGlite runs one transaction at a time anyway, and accepts the same statement.
     */
    async lock(id: number): Promise<boolean> {
      const row = await db.selectFrom('rooms').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      return row !== undefined;
    },

    async list(): Promise<Room[]> {
      return (await db.selectFrom('rooms').selectAll().orderBy('id').execute()).map(toRoom);
    },
  };
}
