import type { Limiter } from './limiter.ts';

/** Fixed windows kept in this process; expired entries are swept as they are met and once a minute. */
export function createMemoryLimiter(now: () => number = Date.now): Limiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const blocks = new Map<string, number>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, w] of windows) if (w.endsAt <= t) windows.delete(key);
    for (const [key, until] of blocks) if (until <= t) blocks.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    async hit(key, windowMs) {
      const t = now();
      let window = windows.get(key);
      if (!window || window.endsAt <= t) {
        window = { count: 0, endsAt: t + windowMs };
        windows.set(key, window);
      }
      window.count++;
      return { count: window.count, resetInMs: window.endsAt - t };
    },
    async block(key, forMs) {
      blocks.set(key, Math.max(blocks.get(key) ?? 0, now() + forMs));
    },
    async blockedFor(key) {
      const until = blocks.get(key);
      if (until === undefined) return 0;
      const left = until - now();
      if (left <= 0) blocks.delete(key);
      return Math.max(0, left);
    },
    async close() {
      clearInterval(sweep);
      windows.clear();
      blocks.clear();
    },
  };
}
