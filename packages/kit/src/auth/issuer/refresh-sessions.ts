import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

/**
 * Refresh sessions of a service that issues tokens: opaque random refresh tokens (never a JWT, so no gateway
 * can take one for an access token), kept only as hashes in the issuing service's own database, rotated on
 * every use, a reused rotated token ending its whole session, and revoked at logout.
 */
export interface RefreshSessionTables {
  refresh_tokens: {
    token_hash: string;
    account_id: number;
    /** Every token rotated from one login: a reused, already rotated token revokes the whole family. */
    family: string;
    /** Epoch seconds; the login's, kept by every rotation, so a session ends 12 h after sign-in. */
    expires_at: number;
    revoked_at: number | null;
  };
}

export const refreshSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('refresh_tokens')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('family', 'varchar(40)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family').execute();
  },
};

export interface RefreshToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const nowSec = () => Math.floor(Date.now() / 1000);

/** A service's refresh tokens; `db` is the service's own database, which holds `refresh_tokens`. */
export function refreshSessionsOf(store: { db: unknown }) {
  // Kysely<DB> is invariant, so a service's wider table set cannot be passed as this narrower one.
  const db = store.db as Kysely<RefreshSessionTables>;

  async function insert(accountId: number, family: string, expiresAt: number): Promise<RefreshToken> {
    const token = randomBytes(32).toString('base64url');
    await db
      .insertInto('refresh_tokens')
      .values({ token_hash: hashOf(token), account_id: accountId, family, expires_at: expiresAt, revoked_at: null })
      .execute();
    return { token, expiresAt };
  }

  return {
    open: (accountId: number, lifetimeSec: number) => insert(accountId, randomUUID(), nowSec() + lifetimeSec),

    /**
     * The account of a live token and its successor; the token itself is spent. One conditional UPDATE
     * spends it, so two restores racing with one token cannot both win.
     */
    async rotate(presented: string): Promise<({ accountId: number } & RefreshToken) | undefined> {
      const now = nowSec();
      const tokenHash = hashOf(presented);
      const spent = await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      const row = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return undefined;
      if (Number(spent.numUpdatedRows) !== 1) {
        // A spent token shown again was copied: end the session it belongs to for everyone holding it.
        await revokeFamily(row.family, now);
        return undefined;
      }
      const next = await insert(row.account_id, row.family, Number(row.expires_at));
      return { accountId: row.account_id, ...next };
    },

    /** Logout: the session of this token ends (any token rotated from the same login with it). */
    async revoke(presented: string): Promise<void> {
      const row = await db
        .selectFrom('refresh_tokens')
        .select('family')
        .where('token_hash', '=', hashOf(presented))
        .executeTakeFirst();
      if (row) await revokeFamily(row.family, nowSec());
    },

    /** An account that leaves (unregistered) keeps no session. */
    async revokeAccount(accountId: number): Promise<void> {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: nowSec() })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };

  async function revokeFamily(family: string, now: number) {
    await db
      .updateTable('refresh_tokens')
      .set({ revoked_at: now })
      .where('family', '=', family)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

export type RefreshSessions = ReturnType<typeof refreshSessionsOf>;
