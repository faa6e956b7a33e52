// Test support (not exported): the one behaviour every Limiter adapter must show.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Limiter } from '../../limits/limiter.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function limiterContract(make: () => Promise<Limiter> | Limiter): void {
  let limiter: Limiter;
  beforeEach(async () => {
    limiter = await make();
  });
  afterEach(async () => {
    await limiter.close();
  });

  it('allows max hits, limits the next one with the block length, then refuses as blocked until it ends', async () => {
    const rule = { max: 3, windowMs: 1_000, blockMs: 300 };
    for (let i = 1; i <= 3; i++) expect(await limiter.limit('ip:c', rule)).toEqual({ kind: 'allowed', count: i });
    expect(await limiter.limit('ip:c', rule)).toEqual({ kind: 'limited', retryAfterMs: 300 });
    const blocked = await limiter.limit('ip:c', rule);
    expect(blocked.kind).toBe('blocked');
    expect(blocked.kind !== 'allowed' && blocked.retryAfterMs).toBeGreaterThan(200);
    expect((await limiter.limit('ip:other', rule)).kind).toBe('allowed');
    await pause(1_100);
    expect(await limiter.limit('ip:c', rule)).toEqual({ kind: 'allowed', count: 1 });
  });

  it('without a block, limits only the rest of the window', async () => {
    const rule = { max: 2, windowMs: 200, blockMs: 0 };
    await limiter.limit('svc:order', rule);
    await limiter.limit('svc:order', rule);
    const over = await limiter.limit('svc:order', rule);
    expect(over.kind).toBe('limited');
    expect(over.kind !== 'allowed' && over.retryAfterMs).toBeLessThanOrEqual(200);
    // No block was started: a further hit in the same window is limited again, not refused as blocked.
    expect((await limiter.limit('svc:order', rule)).kind).toBe('limited');
    await pause(260);
    expect((await limiter.limit('svc:order', rule)).kind).toBe('allowed');
  });

  it('lets exactly max of many concurrent hits through', async () => {
    const rule = { max: 5, windowMs: 5_000, blockMs: 0 };
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => limiter.limit('burst', rule)));
    expect(verdicts.filter((v) => v.kind === 'allowed')).toHaveLength(5);
    expect(verdicts.filter((v) => v.kind === 'limited')).toHaveLength(25);
  });
}
