// Test support (not exported): the one behaviour every Cache adapter must show.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Cache } from '../../cache/cache.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function cacheContract(make: () => Promise<Cache> | Cache): void {
  let cache: Cache;
  beforeEach(async () => {
    cache = await make();
  });
  afterEach(async () => {
    await cache.close();
  });

  it('returns undefined for a key never set, and the value for one that was', async () => {
    expect(await cache.get('outings.1')).toBeUndefined();
    await cache.set('outings.1', '{"a":1}', 10_000);
    expect(await cache.get('outings.1')).toBe('{"a":1}');
    await cache.set('outings.1', 'second', 10_000);
    expect(await cache.get('outings.1')).toBe('second');
  });

  it('forgets a value once its TTL has passed', async () => {
    await cache.set('short', 'v', 60);
    await cache.set('long', 'v', 10_000);
    await pause(150);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBe('v');
  });

  it('adds a value only when the key is absent or expired', async () => {
    expect(await cache.add('nonce', 'first', 80)).toBe(true);
    expect(await cache.add('nonce', 'second', 80)).toBe(false);
    expect(await cache.get('nonce')).toBe('first');
    await pause(160);
    expect(await cache.add('nonce', 'third', 80)).toBe(true);
  });

  it('lets exactly one of many concurrent adds of one key win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.add('race', String(i), 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('invalidates one key exactly, or every key a * pattern matches, and counts them', async () => {
    for (const key of ['outings.1', 'outings.1.card', 'outings.2', 'students.s1.outings.start.0', 'schedules.x']) {
      await cache.set(key, 'v', 10_000);
    }
    expect(await cache.invalidate('outings.1')).toBe(1);
    expect(await cache.get('outings.1')).toBeUndefined();
    expect(await cache.get('outings.1.card')).toBe('v');
    expect(await cache.invalidate('outings.*')).toBe(2);
    expect(await cache.invalidate('students.*.outings*')).toBe(1);
    expect(await cache.get('schedules.x')).toBe('v');
    expect(await cache.invalidate('nothing.*')).toBe(0);
  });

  it('reads ?, [ and \\ in a pattern as themselves, not as wildcards', async () => {
    await cache.set('a?b', 'v', 10_000);
    await cache.set('axb', 'v', 10_000);
    await cache.set('k[1]', 'v', 10_000);
    await cache.set('k1', 'v', 10_000);
    expect(await cache.invalidate('a?*')).toBe(1);
    expect(await cache.get('axb')).toBe('v');
    expect(await cache.invalidate('k[1]*')).toBe(1);
    expect(await cache.get('k1')).toBe('v');
  });

  it('invalidates many keys at once', async () => {
    await Promise.all(Array.from({ length: 1200 }, (_, i) => cache.set(`bulk.${i}`, 'v', 10_000)));
    expect(await cache.invalidate('bulk.*')).toBe(1200);
    expect(await cache.get('bulk.7')).toBeUndefined();
  });

  it('refuses a TTL that is not positive', async () => {
    await expect(cache.set('k', 'v', 0)).rejects.toThrow(/positive/);
  });
}
