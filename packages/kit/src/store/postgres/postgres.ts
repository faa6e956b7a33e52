import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseEngine } from '../database.ts';
import { databaseInUrl, redactUrl, serviceDatabaseName, urlWithDatabase, withDefaultUser } from '../database-names.ts';
import { databasePerService } from '../per-service.ts';

export interface PostgresOptions {
  /** The server, e.g. `postgres://127.0.0.1:5432`; a database in the path is where new databases are created from. */
  url: string;
  /** Every service database is named `<prefix><service>`. Default `mosaic_`. */
  prefix?: string;
  /** Connections per service database. Default 10. */
  pool?: number;
  /** Told about connections the server dropped (the pool replaces them). */
  logger?: Logger;
}

// PostgreSQL error codes meaning "it is already there": the database exists, or a concurrent CREATE DATABASE
// won the race on pg_database's unique index.
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/**
 * PostgreSQL with a database per service (distributed runtime). `forService` creates the database on
 * first use, so a fresh server needs no set-up; two processes starting the same service at once both
 * succeed.
 */
export async function openPostgres(options: PostgresOptions): Promise<DatabaseEngine> {
  const prefix = options.prefix ?? 'mosaic_';
  const poolSize = options.pool ?? 10;
  const url = postgresUrl(options.url);
  const admin = new pg.Pool({
    connectionString: urlWithDatabase(url, databaseInUrl(url) ?? 'postgres'),
    max: 2,
    connectionTimeoutMillis: 5_000,
  });
  const dropped = (err: Error) =>
    options.logger?.warn({ err }, 'PostgreSQL dropped an idle connection; the pool opens a new one when needed');
  admin.on('error', dropped);
  try {
    await admin.query('select 1');
  } catch (error) {
    await admin.end();
    throw new Error(
      `PostgreSQL is not reachable at ${redactUrl(options.url)} (${reasonOf(error)}): start it or set MOSAIC_POSTGRES_URL`,
      { cause: error },
    );
  }

  async function open(service: string): Promise<Kysely<unknown>> {
    const name = serviceDatabaseName(prefix, service);
    await createDatabase(admin, name);
    const pool = new pg.Pool({
      connectionString: urlWithDatabase(url, name),
      max: poolSize,
      types: { getTypeParser: getTypeParser as typeof pg.types.getTypeParser },
    });
    pool.on('error', dropped);
    pool.on('connect', preparesStatements);
    return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  }

  return databasePerService({ dialect: 'postgres', engine: 'PostgreSQL', open, onClose: () => admin.end() });
}

/** One name per distinct statement text, shared by every connection of the process. */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 2_000;

/**
 * Makes every query with parameters a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every execution, and the client sends Bind/Execute without the SQL text. A
 * service runs the same few dozen statements over and over (Kysely builds the same text for the same
 * query), so the names stay few.
 */
function preparesStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(text, values, callback);
    let name = statementNames.get(text);
    if (name === undefined) {
      // A statement whose text changes with its data would make a name per execution: past the cap, unnamed.
      if (statementNames.size >= MAX_STATEMENT_NAMES) return query(text, values, callback);
      name = `mosaic_${statementNames.size + 1}`;
      statementNames.set(text, name);
    }
    return query({ name, text, values }, callback);
  }) as typeof client.query;
}

async function createDatabase(admin: pg.Pool, name: string): Promise<void> {
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount) return;
  try {
    // Not in a transaction (PostgreSQL refuses CREATE DATABASE there); the name is sanitised, so quoting is safe.
    await admin.query(`create database "${name}"`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return;
    throw new Error(`could not create PostgreSQL database ${name}: ${reasonOf(error)}`, { cause: error });
  }
}

/** Drops every database named `<prefix>…` (tests, `mosaic reset`). Connections to them are closed first. */
export async function dropPostgresDatabases(options: { url: string; prefix: string }): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(options.prefix)) throw new Error(`refusing to drop databases by prefix "${options.prefix}"`);
  const url = postgresUrl(options.url);
  const client = new pg.Client({ connectionString: urlWithDatabase(url, databaseInUrl(url) ?? 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 escape '\\'",
      [`${options.prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

/** The URL as `pg` should see it: a user is always named (PGUSER, else `postgres`). */
export function postgresUrl(url: string): string {
  return withDefaultUser(url, process.env.PGUSER || 'postgres');
}

const INT8_OID = 20;

// PGlite (the embedded engine) hands bigint columns and count(*) back as numbers; `pg` would give strings.
// Services are written and tested against PGlite, so both engines answer alike.
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reasonOf).join('; ') || 'connection refused';
  return error instanceof Error ? error.message || error.name : String(error);
}
