/** Port: a shared response cache. Adapters: in-memory LRU (embedded), Redis (distributed). */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Stores the value only when the key is absent (or expired), atomically: of several replicas adding the same
   * key at once exactly one gets true. One-time values (a request nonce) rely on it.
   */
  add(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Removes every key matching a pattern where `*` stands for any run of characters (`outings.*`),
   * or the one key when there is no `*`. Resolves with how many went.
   */
  invalidate(pattern: string): Promise<number>;
  close(): Promise<void>;
}

/** `*` is the only wildcard; every other character, `?` and `[` included, stands for itself. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 's');
}

/** A TTL both adapters accept: a positive, finite number of ms, rounded to a whole ms (at least 1). */
export function wholeTtlMs(ttlMs: number): number {
  if (!(ttlMs > 0) || !Number.isFinite(ttlMs))
    throw new RangeError(`a cache TTL must be a positive number of ms, got ${ttlMs}`);
  return Math.max(1, Math.round(ttlMs));
}
