import { describe, expect, it } from 'vitest';
import type { TokenClaims } from '../auth/claims.ts';
import { compileKeyTemplate, escapeKeyValue } from './cache-keys.ts';
import { cacheKeyOf, compileCachePlans, invalidationPatterns } from './cache-plan.ts';

const claims = { sub: 'student-000000000001', role: 'student', jti: 'j', iss: 'i', aud: 'a', exp: 1 } as TokenClaims;

describe('cache key templates', () => {
  it('fills :params, {query:...} and {claims:...}', () => {
    const template = compileKeyTemplate(
      'students.{claims:sub}.outings.:id.start.{query:start}.count.{query:count}',
      new Set(['id']),
      'test',
    );
    expect(template.expand({ params: { id: 'o1' }, query: { start: '0', count: ['5', '6'] }, claims })).toBe(
      'students.student-000000000001.outings.o1.start.0.count.5%2C6',
    );
    expect(template.expand({ params: { id: 'o1' }, query: {}, claims })).toBe(
      'students.student-000000000001.outings.o1.start..count.',
    );
  });

  it('escapes values so they cannot add a wildcard, a separator or an owner', () => {
    expect(escapeKeyValue('a.b*c@d/e')).toBe('a%2Eb%2Ac%40d%2Fe');
    const template = compileKeyTemplate('outings.:id', new Set(['id']), 'test');
    expect(template.expand({ params: { id: '*' }, query: {}, claims: undefined })).toBe('outings.%2A');
  });

  it('refuses an unknown parameter and an @', () => {
    expect(() => compileKeyTemplate('outings.:uuid', new Set(['id']), 'route x')).toThrow(/route x.*:uuid/);
    expect(() => compileKeyTemplate('a@b', new Set(), 'route x')).toThrow(/'@'/);
  });
});

describe('cache plans', () => {
  const [plan] = [
    ...compileCachePlans([
      { method: 'GET', path: '/outings/:id', service: 'o', cache: { key: 'outings.:id', private: true, ttlSec: 5 } },
    ]).values(),
  ];

  it('keys a private entry by its owner, and has none without a caller', () => {
    const inputs = { params: { id: 'o1' }, query: {}, claims };
    expect(cacheKeyOf('school', plan!.read!, inputs)).toBe('school:outings.o1@student-000000000001');
    expect(cacheKeyOf('school', plan!.read!, { ...inputs, claims: undefined })).toBeUndefined();
    expect(plan!.read!.ttlMs).toBe(5_000);
  });

  it("invalidates a key and every caller's private copy of it; a trailing * covers both", () => {
    const exact = compileKeyTemplate('outings.:id', new Set(['id']), 't');
    expect(invalidationPatterns('school', exact, { params: { id: 'o1' }, query: {}, claims })).toEqual([
      'school:outings.o1',
      'school:outings.o1@*',
    ]);
    const wild = compileKeyTemplate('outings.filter*', new Set(), 't');
    expect(invalidationPatterns('school', wild, { params: {}, query: {}, claims })).toEqual(['school:outings.filter*']);
  });
});
