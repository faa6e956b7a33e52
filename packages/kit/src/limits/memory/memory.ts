import type { Limiter, LimitVerdict } from '../limiter.ts';

/**
 * Fixed windows kept in this process; expired entries are swept as they are met and once a minute.
 * A fixed window lets a client send up to 2×max across a window boundary; for a flood detector that is
 * fine (a flood is far above max) and it costs one counter per key instead of a timestamp per hit.
 */
export function createMemoryLimiter(now: () => number = Date.now): Limiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const blocks = new Map<string, number>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, w] of windows) if (w.endsAt <= t) windows.delete(key);
    for (const [key, until] of blocks) if (until <= t) blocks.delete(key);
  }, 60_000);
  sweep.unref();

  const hit = (key: string, windowMs: number, t: number) => {
    let window = windows.get(key);
    if (!window || window.endsAt <= t) {
      window = { count: 0, endsAt: t + windowMs };
      windows.set(key, window);
    }
    window.count++;
    return window;
  };
  const blockedFor = (key: string, t: number) => {
    const until = blocks.get(key);
    if (until === undefined) return 0;
    const left = until - t;
    if (left <= 0) blocks.delete(key);
    return Math.max(0, left);
  };

  return {
    limit(key, rule): LimitVerdict {
      const t = now();
      const left = blockedFor(key, t);
      if (left > 0) return { kind: 'blocked', retryAfterMs: left };
      const window = hit(key, rule.windowMs, t);
      if (window.count <= rule.max) return { kind: 'allowed', count: window.count };
      if (rule.blockMs > 0) {
        blocks.set(key, t + rule.blockMs);
        return { kind: 'limited', retryAfterMs: rule.blockMs };
      }
      return { kind: 'limited', retryAfterMs: window.endsAt - t };
    },
    async close() {
      clearInterval(sweep);
      windows.clear();
      blocks.clear();
    },
  };
}
