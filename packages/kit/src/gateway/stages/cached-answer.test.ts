import { describe, expect, it } from 'vitest';
import { cacheable, decodeCached, encodeCached } from './cached-answer.ts';

describe('cached answers', () => {
  it('keeps status, body bytes and the headers describing the body, nothing else', () => {
    const stored = encodeCached({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"1"', 'set-cookie': 'a=1', date: 'x', 'x-upstream': 'o1' },
      body: Buffer.from([0, 1, 2, 255]),
    });
    expect(decodeCached(stored)).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"1"' },
      body: Buffer.from([0, 1, 2, 255]),
    });
  });

  it('reads a foreign or corrupted entry as a miss', () => {
    expect(decodeCached('not json')).toBeUndefined();
    expect(decodeCached('{"status":200}')).toBeUndefined();
  });

  it.each([
    [{ status: 200 }, false, true],
    [{ status: 201 }, false, false],
    [{ status: 404 }, false, false],
    [{ status: 200, headers: { 'set-cookie': 'a=1' } }, true, false],
    [{ status: 200, headers: { 'cache-control': 'no-store' } }, true, false],
    [{ status: 200, headers: { 'cache-control': 'private, max-age=5' } }, false, false],
    [{ status: 200, headers: { 'cache-control': 'private, max-age=5' } }, true, true],
  ])('decides whether %j may be cached (private entry: %s) → %s', (answer, privateEntry, expected) => {
    expect(cacheable(answer, privateEntry)).toBe(expected);
  });
});
