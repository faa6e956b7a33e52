import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commerce } from '../system.ts';
import {
  as,
  type LineView,
  lineWhen,
  openShop,
  placeOrder,
  productOnSale,
  type Shopper,
  seller,
  settled,
  shoppers,
} from './fixtures.ts';

interface ReviewView {
  review_id: number;
  order_product_id: number;
  product_id: number;
  user_id: number;
  rating: number;
  content: string;
}

const REVIEWS = '/review-service/auth-user/reviews';
const SELLER_LINE = (id: number) => `/order-service/auth-seller/order-products/${id}`;

describe('reviews', () => {
  let system: TestSystem;
  let itemId: number;
  let buyer: Shopper;
  let stranger: Shopper;
  beforeAll(async () => {
    system = await startTestSystem(commerce);
    ({ itemId } = await openShop(system));
    [buyer, stranger] = (await shoppers(system, 2)) as [Shopper, Shopper];
  });
  afterAll(() => system?.close());

  /** A reserved one-line order of a fresh product of seller 1, and its line. */
  async function boughtLine(): Promise<LineView> {
    const productId = await productOnSale(system, itemId, 5);
    const placed = await placeOrder(system, buyer, [[productId, 1]]);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = await settled(system, buyer, placed.body.data?.order_id ?? 0);
    return order.order_products[0] as LineView;
  }

  const ship = async (line: LineView, to: string[]) => {
    for (const status of to) {
      const moved = await as(system, 'order', seller(1)).put(SELLER_LINE(line.order_product_id), { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
  };

  const review = (who: Shopper, line: LineView, rating = 5) =>
    as(system, 'review', who).post<ReviewView>(REVIEWS, {
      order_product_id: line.order_product_id,
      rating,
      content: '배송 빠르고 좋아요',
    });

  it('accepts a review only once the line is DELIVERED, and only from its buyer', async () => {
    const line = await boughtLine();
    const early = await review(buyer, line);
    expect(early.status).toBe(409);
    expect(early.body.data).toMatchObject({ rule: 'line-not-delivered', status: 'ORDER' });

    await ship(line, ['ACCEPT', 'DELIVERY']);
    expect((await review(buyer, line)).body.data).toMatchObject({ rule: 'line-not-delivered', status: 'DELIVERY' });
    await ship(line, ['DELIVERED']);

    const theirs = await review(stranger, line);
    expect(theirs.status).toBe(403);
    expect(theirs.body.data).toMatchObject({ rule: 'not-your-order' });

    const written = await review(buyer, line, 4);
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body.data).toMatchObject({
      order_product_id: line.order_product_id,
      product_id: line.product_id,
      user_id: Number(buyer.sub),
      rating: 4,
    });
    // Order hears of it (ReviewWritten) and shows the review with the line.
    const shown = await lineWhen(system, seller(1), line.order_product_id, (l) => l.review_id !== null);
    expect(shown).toMatchObject({ review_id: written.body.data?.review_id });
  });

  it('keeps one review per line, even when it is sent five times at once', async () => {
    const line = await boughtLine();
    await ship(line, ['ACCEPT', 'DELIVERY', 'DELIVERED']);
    const sends = await Promise.all(Array.from({ length: 5 }, () => review(buyer, line)));
    expect(sends.map((s) => s.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const refused = sends.find((s) => s.status === 409);
    expect(refused?.body.data).toMatchObject({ rule: 'already-reviewed' });
  });

  it("lists a product's reviews to anyone, newest first, a page at a time", async () => {
    const productId = await productOnSale(system, itemId, 5);
    const written: number[] = [];
    for (const who of [buyer, stranger]) {
      const placed = await placeOrder(system, who, [[productId, 1]]);
      const order = await settled(system, who, placed.body.data?.order_id ?? 0);
      const line = order.order_products[0] as LineView;
      await ship(line, ['ACCEPT', 'DELIVERY', 'DELIVERED']);
      const made = await review(who, line);
      expect(made.status).toBe(201);
      written.push(made.body.data?.review_id ?? 0);
    }
    const page = await system.http.get<{ data: ReviewView[]; pagination: { total_elements: number } }>(
      `/review-service/open-api/reviews?product_id=${productId}&size=1`,
    );
    expect(page.status).toBe(200);
    expect(page.body.data.map((r) => r.review_id)).toEqual([written[1]]);
    expect(page.body.pagination).toMatchObject({ total_elements: 2, total_page: 2, size: 1 });
    const bad = await system.http.get('/review-service/open-api/reviews?product_id=abc');
    expect(bad.status).toBe(400);
  });

  it('refuses a review with 503 and Retry-After while order cannot answer, and writes nothing', async () => {
    const line = await boughtLine();
    await ship(line, ['ACCEPT', 'DELIVERY', 'DELIVERED']);
    system.faults('order').failWith = 500;
    try {
      const refused = await review(buyer, line);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.result.result_description).toMatch(/review was not written/);
    } finally {
      delete system.faults('order').failWith;
    }
    const mine = await as(system, 'review', buyer).get<ReviewView[]>(`${REVIEWS}?size=100`);
    expect(mine.body.data?.some((r) => r.order_product_id === line.order_product_id)).toBe(false);
  });
});
