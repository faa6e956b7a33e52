import { postgresUrl } from '@mosaic/kit/store';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';

/**
 * Counts database commits during the measured span: PostgreSQL's `xact_commit` of the namespace's own
 * databases, and MySQL/MariaDB's server-wide `Com_commit` (payment is its only user during the run).
 */
export function commitCounter(urls: { postgres: string; mysql: string }, namespace: string) {
  const postgresCommits = async () => {
    // The URL as the runtime reads it (password, socket host and options kept), on the `postgres` database.
    const parsed = new URL(postgresUrl(urls.postgres));
    parsed.pathname = '/postgres';
    const client = new pg.Client({ connectionString: parsed.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        'select coalesce(sum(xact_commit), 0) as n from pg_stat_database where datname like $1',
        [`${namespace}%`],
      );
      return Number(rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  };
  const mysqlCommits = async () => {
    const connection = await createConnection({ uri: urls.mysql });
    try {
      const [rows] = await connection.query("show global status like 'Com_commit'");
      return Number((rows as { Value: string }[])[0]?.Value ?? 0);
    } finally {
      await connection.end();
    }
  };
  let before = { postgres: 0, mysql: 0 };
  return {
    async start() {
      before = { postgres: await postgresCommits(), mysql: await mysqlCommits() };
    },
    async stop(): Promise<Record<string, number>> {
      // pg_stat_database is updated when a backend reports its counters (about every second): let it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { postgres: (await postgresCommits()) - before.postgres, mysql: (await mysqlCommits()) - before.mysql };
    },
  };
}
