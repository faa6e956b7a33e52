import { LRUCache } from 'lru-cache';
import { type Cache, globToRegExp, wholeTtlMs } from '../cache.ts';

/** The embedded cache: bounded by entries, each with its own TTL. */
export function createMemoryCache(options: { maxEntries?: number } = {}): Cache {
  const lru = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000, ttlAutopurge: false });
  return {
    async get(key) {
      return lru.get(key);
    },
    async set(key, value, ttlMs) {
      // lru-cache reads a TTL of 0 as "forever"; wholeTtlMs refuses it, so an entry here always ends.
      lru.set(key, value, { ttl: wholeTtlMs(ttlMs) });
    },
    async add(key, value, ttlMs) {
      // One thread: nothing runs between the check and the set, so this is atomic here.
      if (lru.has(key)) return false;
      lru.set(key, value, { ttl: wholeTtlMs(ttlMs) });
      return true;
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
