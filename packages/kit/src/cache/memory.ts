import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.ts';

/** The embedded cache: bounded by entries, each with its own TTL. */
export function createMemoryCache(options: { maxEntries?: number } = {}): Cache {
  const lru = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000, ttlAutopurge: false });
  return {
    async get(key) {
      return lru.get(key);
    },
    async set(key, value, ttlMs) {
      lru.set(key, value, { ttl: ttlMs });
    },
    async invalidate(pattern) {
      if (!pattern.includes('*')) return lru.delete(pattern) ? 1 : 0;
      const matcher = globToRegExp(pattern);
      let removed = 0;
      for (const key of [...lru.keys()]) {
        if (matcher.test(key) && lru.delete(key)) removed++;
      }
      return removed;
    },
    async close() {
      lru.clear();
    },
  };
}

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}
