import type { Kysely } from 'kysely';
import { isMysql } from './columns.ts';

/**
 * Inserts one row and returns its generated id. PostgreSQL says it with RETURNING; MySQL/MariaDB has no
 * RETURNING, so it reads the driver's insertId instead.
 */
export async function insertWithId<DB, T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  values: Record<string, unknown>,
  idColumn: string,
): Promise<number> {
  const any = db as unknown as Kysely<any>;
  if (isMysql(any)) {
    const result = await any.insertInto(table).values(values).executeTakeFirstOrThrow();
    return Number(result.insertId);
  }
  const row = await any.insertInto(table).values(values).returning(idColumn).executeTakeFirstOrThrow();
  return Number(row[idColumn]);
}
