import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type TypeCast } from 'mysql2';
import { type Connection, createConnection } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { DatabaseEngine } from '../database.ts';
import { redactUrl, serviceDatabaseName, urlWithDatabase } from '../database-names.ts';
import { databasePerService } from '../per-service.ts';

export interface MysqlOptions {
  /** The server, e.g. `mysql://root@127.0.0.1:3306`. */
  url: string;
  /** Every service database is named `<prefix><service>`. Default `mosaic_`. */
  prefix?: string;
  /** Connections per service database. Default 10. */
  pool?: number;
  /** Told about connections the server dropped (the pool replaces them). */
  logger?: Logger;
}

/**
 * MySQL/MariaDB with a database per service (distributed runtime). `forService` creates the database on
 * first use (`if not exists`, so concurrent starts both succeed).
 *
 * Databases are created with the binary utf8mb4 collation: MySQL's default collations ignore case, so
 * `status = 'paid'` would match 'PAID' and a unique key would refuse 'A' beside 'a', unlike PostgreSQL.
 * The same migrations and queries must mean the same on both.
 */
export async function openMysql(options: MysqlOptions): Promise<DatabaseEngine> {
  const prefix = options.prefix ?? 'mosaic_';
  const poolSize = options.pool ?? 10;
  const serverUrl = urlWithDatabase(options.url, '');
  // A short-lived connection per CREATE DATABASE (rare: once per service at start-up), so no idle admin
  // connection can be timed out by the server in a long-running process.
  const onServer = async <T>(work: (connection: Connection) => Promise<T>): Promise<T> => {
    const connection = await createConnection({ uri: serverUrl, connectTimeout: 5_000 });
    connection.on('error', (err: Error) => options.logger?.warn({ err }, 'MySQL/MariaDB admin connection failed'));
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  };
  try {
    await onServer((connection) => connection.query('select 1'));
  } catch (error) {
    throw new Error(
      `MySQL/MariaDB is not reachable at ${redactUrl(options.url)} (${reasonOf(error)}): start it or set MOSAIC_MYSQL_URL`,
      { cause: error },
    );
  }

  async function open(service: string): Promise<Kysely<unknown>> {
    const name = serviceDatabaseName(prefix, service);
    try {
      // IF NOT EXISTS makes two processes creating the same database at once both succeed.
      await onServer((connection) =>
        connection.query(`create database if not exists \`${name}\` character set utf8mb4 collate utf8mb4_bin`),
      );
    } catch (error) {
      throw new Error(`could not create MySQL/MariaDB database ${name}: ${reasonOf(error)}`, { cause: error });
    }
    const pool = createPool({
      uri: urlWithDatabase(options.url, name),
      connectionLimit: poolSize,
      charset: 'utf8mb4',
      typeCast: booleansAsBooleans,
    });
    return new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) });
  }

  return databasePerService({ dialect: 'mysql', engine: 'MySQL/MariaDB', open });
}

/**
 * A `boolean` column is `tinyint(1)` on MySQL/MariaDB and reads back as 0/1; PostgreSQL and PGlite give
 * true/false. Read it as a boolean, so `if (row.active)` and `toEqual({ active: true })` mean the same everywhere.
 */
const booleansAsBooleans: TypeCast = (field, next) => {
  if (field.type !== 'TINY' || field.length !== 1) return next();
  const value = field.string();
  return value === null ? null : value === '1';
};

/** Drops every database named `<prefix>…` (tests, `mosaic reset`). */
export async function dropMysqlDatabases(options: { url: string; prefix: string }): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(options.prefix)) throw new Error(`refusing to drop databases by prefix "${options.prefix}"`);
  const connection = await createConnection({ uri: urlWithDatabase(options.url, '') });
  try {
    const [rows] = await connection.query('show databases');
    const names = (rows as { Database: string }[])
      .map((row) => row.Database)
      .filter((name) => name.startsWith(options.prefix));
    for (const name of names) await connection.query(`drop database if exists \`${name}\``);
    return names;
  } finally {
    await connection.end();
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reasonOf).join('; ') || 'connection refused';
  return error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
}
