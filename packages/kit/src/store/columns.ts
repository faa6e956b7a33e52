import { type ColumnDefinitionBuilder, type Kysely, MysqlAdapter } from 'kysely';

/** True when the migration runs on MySQL/MariaDB: the few places where the dialects disagree ask this. */
export function isMysql<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

/** An auto-numbered integer primary key, spelled the way each dialect wants it. */
export function autoId<DB>(db: Kysely<DB>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isMysql(db) ? (c) => c.primaryKey().autoIncrement() : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}
