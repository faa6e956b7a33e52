import type { Logger } from '../../observability/logger.ts';
import type { ServiceDatabase } from '../../store/database.ts';
import { migrate } from '../../store/migrations.ts';
import type { Revocations } from '../revocations.ts';
import { type RevocationDb, revocationMigrations } from './revocation-tables.ts';

export interface StoredRevocationsOptions {
  now?: () => number;
  /** How often rows of tokens that have expired anyway are deleted (default: a minute). */
  pruneEveryMs?: number;
  logger?: Logger;
}

/**
 * Revoked tokens in a table of the system's database, so a logout outlives a restart of the embedded runtime.
 * The table is read once at open into memory and every revocation is written to both: this process is the
 * table's only writer (PGlite is opened by one process), so the gateway's check on every request is answered
 * from memory, synchronously, without a query. The database is the caller's; `close` does not close it.
 */
export function createStoredRevocations(
  database: ServiceDatabase | Promise<ServiceDatabase>,
  options: StoredRevocationsOptions = {},
): Revocations {
  const now = options.now ?? Date.now;
  const revoked = new Map<string, number>();
  const pending = new Set<Promise<unknown>>();
  let loaded = false;
  let closed = false;

  const ready: Promise<RevocationDb> = (async () => {
    const opened = await database;
    await migrate(opened, revocationMigrations, 'mosaic_revocation_migration');
    const db = opened.db as RevocationDb;
    await prune(db);
    for (const row of await db.selectFrom('revoked_token').select(['token_id', 'until_ms']).execute()) {
      revoked.set(row.token_id, Number(row.until_ms));
    }
    loaded = true;
    return db;
  })();
  // Reported by the first check or revocation that waits for it (the gateway then answers 503, failing closed).
  ready.catch(() => undefined);

  async function prune(db: RevocationDb): Promise<void> {
    const t = now();
    await db.deleteFrom('revoked_token').where('until_ms', '<=', t).execute();
    for (const [id, until] of revoked) if (until <= t) revoked.delete(id);
  }

  /** Keeps track of work on the database, so `close` can wait for it before the database is closed. */
  function tracked<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    return work.finally(() => pending.delete(work));
  }

  const sweep = setInterval(() => {
    if (!loaded || closed) return;
    tracked(ready.then(prune)).catch((error: unknown) =>
      options.logger?.warn({ err: error }, 'pruning expired token revocations failed; trying again later'),
    );
  }, options.pruneEveryMs ?? 60_000);
  sweep.unref();

  const answer = (tokenId: string) => {
    const until = revoked.get(tokenId);
    return until !== undefined && until > now();
  };

  return {
    async revoke(tokenId, untilEpochMs) {
      if (untilEpochMs <= now()) return;
      await tracked(
        (async () => {
          const db = await ready;
          const until = Math.max(untilEpochMs, revoked.get(tokenId) ?? 0);
          // Refused here at once, even if the write below fails: the caller is told to sign out again.
          revoked.set(tokenId, until);
          await db.transaction().execute(async (trx) => {
            await trx.deleteFrom('revoked_token').where('token_id', '=', tokenId).execute();
            await trx.insertInto('revoked_token').values({ token_id: tokenId, until_ms: until }).execute();
          });
        })(),
      );
    },
    isRevoked(tokenId) {
      return loaded ? answer(tokenId) : ready.then(() => answer(tokenId));
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      await Promise.allSettled([...pending]);
      revoked.clear();
    },
  };
}
