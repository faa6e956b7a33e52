import { describe, expect, it } from 'vitest';
import { expectedBy, isShort, newCallbackToken, soldOutWords, soldWords, tokenMatches } from './domain.ts';

describe('sales domain', () => {
  it("speaks the seed's words", () => {
    expect(soldWords(2)).toBe('구매 완료! 남은 재고: 2');
    expect(soldOutWords(0)).toBe('구매 실패! 남은 재고: 0');
  });

  it('starts a shortage at or below the reorder point, only when none is pending', () => {
    expect(isShort({ stock: 10, reorderPoint: 10, restockPending: false })).toBe(true);
    expect(isShort({ stock: 11, reorderPoint: 10, restockPending: false })).toBe(false);
    expect(isShort({ stock: 0, reorderPoint: 0, restockPending: true })).toBe(false);
  });

  it('accepts only the token it issued, keeping its hash', () => {
    const { token, hash } = newCallbackToken();
    expect(hash).not.toContain(token);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(`${token}x`, hash)).toBe(false);
    expect(tokenMatches(newCallbackToken().token, hash)).toBe(false);
  });

  it('expects a restock a lead time after it was asked', () => {
    expect(expectedBy('2026-01-01T00:00:00.000Z', 40_000)).toBe('2026-01-01T00:00:40.000Z');
  });
});
