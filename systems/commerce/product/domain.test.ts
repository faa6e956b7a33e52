import { describe, expect, it } from 'vitest';
import { afterStockMove, isVisible, type Product, setStatus } from './domain.ts';

const product = (over: Partial<Product> = {}): Product => ({
  productId: 4,
  itemId: 1,
  sellerId: 1,
  name: '길럭시북',
  price: 100,
  stock: 5,
  status: 'SELL',
  statusCause: 'seller',
  version: 1,
  ...over,
});

describe('a product and its stock', () => {
  it('is SOLD_OUT by itself when its stock reaches 0', () => {
    expect(afterStockMove(product({ stock: 0 }), 2)).toMatchObject({ status: 'SOLD_OUT', statusCause: 'stock' });
    expect(afterStockMove(product({ stock: 1 }), 3)).toMatchObject({ status: 'SELL' });
  });

  it('is on sale again when a restock lifts a stock-caused SOLD_OUT from 0', () => {
    const soldOut = product({ stock: 3, status: 'SOLD_OUT', statusCause: 'stock' });
    expect(afterStockMove(soldOut, 0)).toMatchObject({ status: 'SELL' });
  });

  it('stays SOLD_OUT after a restock when its seller chose it, and stays as it is when not from 0', () => {
    expect(afterStockMove(product({ stock: 3, status: 'SOLD_OUT', statusCause: 'seller' }), 0).status).toBe('SOLD_OUT');
    expect(afterStockMove(product({ stock: 0, status: 'REGISTERED' }), 1).status).toBe('REGISTERED');
  });

  it('lets its seller set SELL, SOLD_OUT or UNREGISTERED; SELL at 0 reads SOLD_OUT until restocked', () => {
    expect(setStatus(product(), 'SOLD_OUT')).toMatchObject({
      ok: true,
      state: { status: 'SOLD_OUT', statusCause: 'seller' },
    });
    expect(setStatus(product({ stock: 0, status: 'REGISTERED' }), 'SELL')).toMatchObject({
      ok: true,
      state: { status: 'SOLD_OUT', statusCause: 'stock' },
    });
    expect(setStatus(product({ status: 'UNREGISTERED' }), 'SELL')).toMatchObject({
      ok: false,
      reason: 'product-unregistered',
    });
  });

  it('shows users SELL and SOLD_OUT only', () => {
    expect(
      ['REGISTERED', 'SELL', 'SOLD_OUT', 'UNREGISTERED'].map((status) => isVisible({ status } as Product)),
    ).toEqual([false, true, true, false]);
  });
});
