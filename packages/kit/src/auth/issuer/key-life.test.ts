import { describe, expect, it } from 'vitest';
import { publishedKeys, signingKeyAt } from './key-life.ts';

describe('signing keys', () => {
  const WEEK = 7 * 24 * 3600;
  const old = { kid: 'old', active_from: 0, retired_at: 1000 };
  const next = { kid: 'next', active_from: 1000, retired_at: null };

  it('signs with the old key until the rotated-in key becomes active, then with the new one', () => {
    expect(signingKeyAt([old, next], 999)?.kid).toBe('old');
    expect(signingKeyAt([old, next], 1000)?.kid).toBe('next');
  });

  it('publishes the next key before it signs, and the old one until its last token expired', () => {
    expect(publishedKeys([old, next], 500, WEEK).map((k) => k.kid)).toEqual(['old', 'next']);
    expect(publishedKeys([old, next], 1000 + WEEK - 1, WEEK).map((k) => k.kid)).toEqual(['old', 'next']);
    expect(publishedKeys([old, next], 1000 + WEEK, WEEK).map((k) => k.kid)).toEqual(['next']);
  });
});
