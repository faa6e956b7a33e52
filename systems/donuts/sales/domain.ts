import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A product as sales holds it, in domain words. */
export interface Product {
  sku: string;
  name: string;
  price: number;
  stock: number;
  reorderPoint: number;
  restockQuantity: number;
  restockPending: boolean;
  factoryManagerEmail: string;
}

/** The seed's words, verbatim (spec §4.1). */
export const soldWords = (stock: number) => `구매 완료! 남은 재고: ${stock}`;
export const soldOutWords = (stock: number) => `구매 실패! 남은 재고: ${stock}`;
export const arrivedWords = (name: string, stock: number) => `${name} 입고 완료! 남은 재고: ${stock}`;
export const NO_PRODUCT = '상품 없음';

/**
 * A shortage starts when the stock is at or below the reorder point and no restock is pending. Decided in SQL
 * by the conditional UPDATE that sets the flag (commands.ts); this is the same rule for readers and tests.
 */
export const isShort = (p: Pick<Product, 'stock' | 'reorderPoint' | 'restockPending'>) =>
  !p.restockPending && p.stock <= p.reorderPoint;

/**
 * The factory's callback is unauthenticated legacy (D-B8) and cannot sign anything, so sales gives each restock
 * a one-time token that rides in the callback URL; it keeps only the token's hash, so a leaked database does not
 * let anyone raise the stock. A token proves both "the factory" and "for this restock".
 */
export function newCallbackToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function tokenMatches(token: string, hash: string): boolean {
  const given = Buffer.from(hashToken(token), 'hex');
  const kept = Buffer.from(hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/** When a pending restock should be in: when it was asked plus the factory's usual lead time. */
export const expectedBy = (requestedAt: string, leadTimeMs: number) =>
  new Date(Date.parse(requestedAt) + leadTimeMs).toISOString();
