import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './queues.ts';

describe('retryDelayMs', () => {
  const spec = { name: 'restock', visibilityTimeoutMs: 30_000, maxReceives: 5 };

  it('waits 0.5 s after the first failed receive and doubles after each one', () => {
    expect([1, 2, 3, 4].map((receives) => retryDelayMs(spec, receives))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('never waits longer than the visibility timeout', () => {
    expect(retryDelayMs(spec, 12)).toBe(30_000);
    expect(retryDelayMs({ ...spec, visibilityTimeoutMs: 300 }, 1)).toBe(300);
  });
});
