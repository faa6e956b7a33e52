/** Port: counters for rate limits, shared by every gateway replica. Adapters: memory, Redis (atomic, Lua). */
export interface Limiter {
  /**
   * The whole rule in one atomic step (one round trip to Redis): refuse while blocked, else count the hit;
   * the hit that goes over `max` is `limited` and, when `blockMs` > 0, starts a block. An in-process adapter
   * answers synchronously: the gateway asks on every request and awaits only a promise.
   */
  limit(key: string, rule: LimitRule): LimitVerdict | Promise<LimitVerdict>;
  close(): Promise<void>;
}

export interface LimitRule {
  /** Hits allowed per window. */
  max: number;
  windowMs: number;
  /** How long a key that went over stays blocked; 0 for no block (only that window's excess is refused). */
  blockMs: number;
}

export type LimitVerdict =
  | { kind: 'allowed'; count: number }
  /** Over the limit now; `retryAfterMs` is the block's length, or what is left of the window when there is none. */
  | { kind: 'limited'; retryAfterMs: number }
  /** Still serving a block from an earlier excess. */
  | { kind: 'blocked'; retryAfterMs: number };

/** Refuses rules that would make every request pass or fail by mistake (a 0 window, a negative max). */
export function checkRule(rule: LimitRule, what: string): LimitRule {
  const fine =
    Number.isInteger(rule.max) &&
    rule.max > 0 &&
    rule.windowMs > 0 &&
    Number.isFinite(rule.windowMs) &&
    rule.blockMs >= 0 &&
    Number.isFinite(rule.blockMs);
  if (!fine) {
    throw new RangeError(
      `${what}: a limit needs a whole max > 0, a windowMs > 0 and a blockMs ≥ 0, got ${JSON.stringify(rule)}`,
    );
  }
  return rule;
}
