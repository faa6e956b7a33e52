/** Port: counters for rate limits, shared by every gateway replica. Adapters: memory, Redis (atomic, Lua). */
export interface Limiter {
  /** Counts one hit for `key` in its current window of `windowMs`; resolves with the count so far in it. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Blocks `key` for `forMs` (an IP that flooded). */
  block(key: string, forMs: number): Promise<void>;
  /** Milliseconds left of a block on `key`; 0 when it is not blocked. */
  blockedFor(key: string): Promise<number>;
  close(): Promise<void>;
}
