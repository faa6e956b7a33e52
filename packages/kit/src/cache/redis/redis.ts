import type { Redis } from 'ioredis';
import { type Cache, wholeTtlMs } from '../cache.ts';

export interface RedisAdapterOptions {
  /** Prepended to every key, so several systems (or test runs) can share one Redis. E.g. `mosaic:school:cache:`. */
  prefix: string;
}

/** Keys removed per UNLINK while invalidating a pattern: bounded, so one call never blocks Redis for long. */
const BATCH = 500;

/**
 * The distributed cache: one Redis shared by every gateway replica. The connection is the caller's (it
 * may be shared with other adapters); `close` does not quit it.
 */
export function createRedisCache(redis: Redis, options: RedisAdapterOptions): Cache {
  const { prefix } = options;
  return {
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', wholeTtlMs(ttlMs));
    },
    async add(key, value, ttlMs) {
      return (await redis.set(prefix + key, value, 'PX', wholeTtlMs(ttlMs), 'NX')) === 'OK';
    },
    async invalidate(pattern) {
      if (!pattern.includes('*')) return redis.unlink(prefix + pattern);
      // SCAN, not KEYS: KEYS walks the whole keyspace in one blocking command (the seed's choice).
      const match = escapeRedisGlob(prefix) + pattern.split('*').map(escapeRedisGlob).join('*');
      let removed = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', BATCH);
        cursor = next;
        if (keys.length > 0) removed += await redis.unlink(...keys);
      } while (cursor !== '0');
      return removed;
    },
    async close() {},
  };
}

/** Redis MATCH treats `?`, `[`, `]` and `\` as special; our patterns only mean `*`. */
export function escapeRedisGlob(text: string): string {
  return text.replace(/[?[\]\\*]/g, '\\$&');
}
