/** How long to wait between tries: doubles each time, never longer than `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: Backoff = { initialMs: 100, maxMs: 5_000 };

/** The delay before retry `n` (n = 1 after the first failure): `min(initialMs * 2^(n-1), maxMs)`. */
export function retryDelay(n: number, backoff: Backoff = defaultBackoff): number {
  return Math.min(backoff.initialMs * 2 ** Math.max(0, n - 1), backoff.maxMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
