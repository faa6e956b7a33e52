import { describe, expect, it } from 'vitest';
import { koreaDtm, parseDtm, storedDtm } from './times.ts';

describe('wire times', () => {
  it("reads the seed's yyyyMMddHHmm as Korea time", () => {
    expect(parseDtm('202009021330')?.toISOString()).toBe('2020-09-02T04:30:00.000Z');
  });

  it("reads the seed's 14-digit form with seconds", () => {
    expect(parseDtm('20200831183000')?.toISOString()).toBe('2020-08-31T09:30:00.000Z');
  });

  it('reads ISO 8601 with Z, a positive or a negative offset, and fractions', () => {
    expect(parseDtm('2026-09-02T13:30:00+09:00')?.toISOString()).toBe('2026-09-02T04:30:00.000Z');
    expect(parseDtm('2026-09-02T04:30Z')?.toISOString()).toBe('2026-09-02T04:30:00.000Z');
    expect(parseDtm('2026-09-01T23:30:00.5-05:00')?.toISOString()).toBe('2026-09-02T04:30:00.500Z');
  });

  it('refuses a time without an offset, other lengths and dates that do not exist', () => {
    for (const bad of [
      '2026-09-02T13:30:00',
      '123456',
      '2020901153000',
      '202002301000',
      '202009022460',
      '2026-13-01T00:00Z',
    ]) {
      expect(parseDtm(bad), bad).toBeUndefined();
    }
  });

  it('answers in Korea time with its offset, across a date line', () => {
    expect(koreaDtm('2026-09-02T16:30:00.000Z')).toBe('2026-09-03T01:30:00+09:00');
    expect(koreaDtm(parseDtm('202612312330')!)).toBe('2026-12-31T23:30:00+09:00');
  });

  it('stores times so that text order is time order', () => {
    const earlier = storedDtm(parseDtm('2026-09-02T09:00:00+09:00')!);
    const later = storedDtm(parseDtm('2026-09-02T01:00:00Z')!);
    expect(earlier < later).toBe(true);
  });
});
