import type { Kysely } from 'kysely';
import { isMysql } from './columns.ts';

/**
 * The caller's database as `insertWithId` sees it: a table name and a row of named columns. The caller's own
 * `Kysely<DB>` and `keyof DB` have checked the table; the columns are the caller's to get right.
 */
type Tables = Kysely<{ [table: string]: { [column: string]: unknown } }>;

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
  const tables = db as unknown as Tables;
  if (isMysql(tables)) {
    const result = await tables.insertInto(table).values(values).executeTakeFirstOrThrow();
    return Number(result.insertId);
  }
  const row = await tables.insertInto(table).values(values).returning(idColumn).executeTakeFirstOrThrow();
  return Number(row[idColumn]);
}
