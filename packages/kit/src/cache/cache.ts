/** Port: a shared response cache. Adapters: in-memory LRU (embedded), Redis (distributed). */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Removes every key matching a pattern where `*` stands for any run of characters (`outings.*`),
   * or the one key when there is no `*`. Resolves with how many went.
   */
  invalidate(pattern: string): Promise<number>;
  close(): Promise<void>;
}
