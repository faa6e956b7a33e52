import { wrap } from '@mosaic/kit/messaging';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../contracts/envelope.ts';
import { commerceEvent } from '../contracts/events.ts';
import {
  as,
  homeAddress,
  type LineView,
  lineWhen,
  type OrderView,
  openShop,
  orderKnows,
  placeOrder,
  productOnSale,
  type Shopper,
  seller,
  settled,
  shoppers,
  stockOf,
  supervisor,
  user,
} from './fixtures.ts';

const SELLER_LINE = (id: number) => `/order-service/auth-seller/order-products/${id}`;
const USER_LINE = (order: number, id: number) => `/order-service/auth-user/orders/${order}/order-products/${id}`;

/** Order lines, their stock returns and who may move them, on each runtime. */
export function linesSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;
  let itemId: number;
  // Four shoppers, each with an address; orders need one (named after the seed's numbered test users).
  let u7: Shopper;
  let u8: Shopper;
  let u9: Shopper;
  let u10: Shopper;
  beforeAll(async () => {
    system = await start();
    ({ itemId } = await openShop(system));
    [u7, u8, u9, u10] = (await shoppers(system, 4)) as [Shopper, Shopper, Shopper, Shopper];
  });
  afterAll(() => system?.close());

  /** A reserved order of product a × 2 and product b × 1 (spec A-C2), with both products' ids. */
  async function reservedOrder(who: Shopper = u7) {
    const a = await productOnSale(system, itemId, 10);
    const b = await productOnSale(system, itemId, 10, { seller: seller(2) });
    const placed = await placeOrder(system, who, [
      [a, 2],
      [b, 1],
    ]);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = await settled(system, who, placed.body.data?.order_id ?? 0);
    expect(order.status).toBe('RESERVED');
    const [lineA, lineB] = order.order_products as [LineView, LineView];
    return { order, a, b, lineA, lineB };
  }

  const sellerMoves = (who = seller(1)) => ({
    to: (lineId: number, status: string) => as(system, 'order', who).put<LineView>(SELLER_LINE(lineId), { status }),
  });

  describe('a multi-line order', () => {
    it('reserves every line, and answers in the envelope with HTTP status = result_code', async () => {
      const a = await productOnSale(system, itemId, 5);
      const b = await productOnSale(system, itemId, 5);
      const placed = await placeOrder(system, u7, [
        [a, 2],
        [b, 3],
      ]);
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        result: { result_code: 201, result_message: '성공', result_description: expect.stringContaining('reserved') },
        data: { status: 'ORDER', total_price: 1_290_000 * 5 },
        pagination: null,
      });
      expect((await settled(system, u7, placed.body.data?.order_id ?? 0)).status).toBe('RESERVED');
      expect(await stockOf(system, a)).toMatchObject({ stock: 3, status: 'SELL' });
      expect(await stockOf(system, b)).toMatchObject({ stock: 2, status: 'SELL' });
    });

    it('rejects the whole order when one line is short, naming it, and takes nothing of the others', async () => {
      const a = await productOnSale(system, itemId, 5);
      const b = await productOnSale(system, itemId, 1);
      const placed = await placeOrder(system, u7, [
        [a, 2],
        [b, 3],
      ]);
      const order = await settled(system, u7, placed.body.data?.order_id ?? 0);
      expect(order).toMatchObject({ status: 'REJECT', reject_reason: 'out-of-stock', rejected_product_id: b });
      expect(await stockOf(system, a)).toMatchObject({ stock: 5 });
      expect(await stockOf(system, b)).toMatchObject({ stock: 1 });
      const line = order.order_products[0] as LineView;
      const closed = await sellerMoves().to(line.order_product_id, 'ACCEPT');
      expect(closed.status).toBe(409);
      expect(closed.body.data).toMatchObject({ rule: 'order-rejected' });
    });
  });

  describe('per-line cancel (spec A-C2)', () => {
    it('leaves the stock alone at CANCELING and gives it back once at CANCEL', async () => {
      const { order, a, b, lineA } = await reservedOrder();
      const canceling = await as(system, 'order', u7).put<LineView>(USER_LINE(order.order_id, lineA.order_product_id), {
        status: 'CANCELING',
      });
      expect(canceling.status, JSON.stringify(canceling.body)).toBe(200);
      expect(canceling.body.data?.status).toBe('CANCELING');
      expect(await stockOf(system, a)).toMatchObject({ stock: 8 });

      expect((await sellerMoves().to(lineA.order_product_id, 'CANCEL')).status).toBe(200);
      await lineWhen(system, seller(1), lineA.order_product_id, (l) => l.stock_returned);
      expect(await stockOf(system, a)).toMatchObject({ stock: 10 });
      expect(await stockOf(system, b)).toMatchObject({ stock: 9 });
      const again = await sellerMoves().to(lineA.order_product_id, 'CANCEL');
      expect(again.status).toBe(409);
      expect(again.body.result.result_code).toBe(409);
    });

    it('refuses a cancel once the line ships, with 409 and the reason', async () => {
      const { order, lineA } = await reservedOrder();
      for (const step of ['ACCEPT', 'DELIVERY'])
        expect((await sellerMoves().to(lineA.order_product_id, step)).status).toBe(200);
      const late = await as(system, 'order', u7).put(USER_LINE(order.order_id, lineA.order_product_id), {
        status: 'CANCELING',
      });
      expect(late.status).toBe(409);
      expect(late.body.data).toMatchObject({ rule: 'line-shipped' });
      expect((await sellerMoves().to(lineA.order_product_id, 'DELIVERED')).status).toBe(200);
    });
  });

  describe('stock returns', () => {
    it('gives a seller-rejected line back once; a duplicate OrderLineReleased changes nothing', async () => {
      const { order, a, lineA } = await reservedOrder();
      const rejected = await sellerMoves().to(lineA.order_product_id, 'REJECT');
      expect(rejected.body.data).toMatchObject({ status: 'REJECT', reject_reason: 'seller' });
      await lineWhen(system, seller(1), lineA.order_product_id, (l) => l.stock_returned);
      expect(await stockOf(system, a)).toMatchObject({ stock: 10 });

      // The same release again, as a new event (another id, so the inbox does not catch it): product's own
      // record of the return does.
      const seen: string[] = [];
      system.faults('product').beforeEvent = (event) => void seen.push(event.id);
      const duplicate = wrap(
        'commerce/order',
        commerceEvent('OrderLineReleased', {
          orderId: order.order_id,
          orderProductId: lineA.order_product_id,
          productId: a,
          quantity: 2,
          cause: 'seller-reject',
        }),
      );
      await (await system.runtime.bus('commerce')).publish([duplicate]);
      await waitFor(() => seen.includes(duplicate.id), { what: 'the duplicate to reach product' });
      delete system.faults('product').beforeEvent;
      await productSettles(a, 10);
    });
  });

  /** Waits a moment longer than the duplicate needs, then expects the stock to be `stock` still. */
  async function productSettles(productId: number, stock: number) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stockOf(system, productId)).toMatchObject({ stock });
  }

  describe('SOLD_OUT and SELL by stock', () => {
    it('is SOLD_OUT at 0 and on sale again when restocked, unless its seller chose SOLD_OUT', async () => {
      const a = await productOnSale(system, itemId, 2);
      const placed = await placeOrder(system, u8, [[a, 2]]);
      expect((await settled(system, u8, placed.body.data?.order_id ?? 0)).status).toBe('RESERVED');
      expect(await stockOf(system, a)).toMatchObject({ stock: 0, status: 'SOLD_OUT' });
      await orderKnows(system, a, 'SOLD_OUT');
      const refused = await placeOrder(system, u8, [[a, 1]]);
      expect(refused.status).toBe(409);

      const owner = as(system, 'product', seller(1));
      const restock = await owner.put(`/product-service/auth-seller/products/${a}/stock`, { stock: 4 });
      expect(restock.body.data).toMatchObject({ stock: 4, status: 'SELL' });
      await orderKnows(system, a, 'SELL');

      await owner.put(`/product-service/auth-seller/products/${a}/status`, { status: 'SOLD_OUT' });
      await owner.put(`/product-service/auth-seller/products/${a}/stock`, { stock: 0 });
      const kept = await owner.put(`/product-service/auth-seller/products/${a}/stock`, { stock: 9 });
      expect(kept.body.data).toMatchObject({ stock: 9, status: 'SOLD_OUT' });
    });
  });

  describe('the delivery address', () => {
    it("copies one of the user's own addresses into the order, and refuses another's with 404", async () => {
      const a = await productOnSale(system, itemId, 10);
      const placed = await placeOrder(system, u8, [[a, 1]]);
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      expect(placed.body.data?.address).toEqual({ address_id: u8.addressId, ...homeAddress });
      const borrowed = await placeOrder(system, { ...u8, addressId: u7.addressId }, [[a, 1]]);
      expect(borrowed.status).toBe(404);
      expect(borrowed.body.data).toMatchObject({ rule: 'address-not-found', address_id: u7.addressId });
      await settled(system, u8, placed.body.data?.order_id ?? 0);
      expect(await stockOf(system, a)).toMatchObject({ stock: 9 });
    });

    it('needs no call to user for an address order knows; asks user for a new one, 503 while it cannot', async () => {
      const a = await productOnSale(system, itemId, 10);
      // Order has not heard of this address yet (its AddressChanged handler fails for now): it must ask user.
      system.faults('order').beforeEvent = (event) => {
        if (event.type === 'AddressChanged') throw new Error('order hears of addresses later');
      };
      const added = await system
        .direct('user')
        .post<Envelope<{ id: number }>>(`/user-service/auth-user/address?user_id=${u8.sub}`, homeAddress, {
          ...system.vouchedHeaders(u8),
        });
      expect(added.status).toBe(201);
      const office = { ...u8, addressId: added.body.data?.id ?? 0 };
      system.faults('user').failWith = 500;
      try {
        const refused = await placeOrder(system, office, [[a, 1]]);
        expect(refused.status).toBe(503);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.body.result.result_description).toMatch(/address cannot be checked|could not be checked/);
        const mine = await as(system, 'order', u8).get<OrderView[]>('/order-service/auth-user/orders?size=100');
        expect(mine.body.data?.filter((o) => o.order_products.some((l) => l.product_id === a))).toHaveLength(0);

        // Once order has its copy, user being down costs an order nothing.
        delete system.faults('order').beforeEvent;
        const taken = await waitFor(
          async () => {
            const answer = await placeOrder(system, office, [[a, 1]]);
            return answer.status === 201 ? answer : undefined;
          },
          { what: 'order to learn of the new address' },
        );
        expect(taken.body.data?.address?.address_id).toBe(office.addressId);
      } finally {
        delete system.faults('user').failWith;
        delete system.faults('order').beforeEvent;
      }
    });
  });

  describe('idempotent submission and who may act', () => {
    it('answers a resubmitted Idempotency-Key with the first order, once even when sent at once', async () => {
      const a = await productOnSale(system, itemId, 50);
      const sends = await Promise.all(Array.from({ length: 5 }, () => placeOrder(system, u9, [[a, 1]], 'k-1')));
      const ids = new Set(sends.map((s) => s.body.data?.order_id));
      expect(sends.map((s) => s.status)).toEqual([201, 201, 201, 201, 201]);
      expect(ids.size).toBe(1);
      await settled(system, u9, [...ids][0] ?? 0);
      expect(await stockOf(system, a)).toMatchObject({ stock: 49 });
      // Another user's key is theirs alone.
      expect((await placeOrder(system, u10, [[a, 1]], 'k-1')).body.data?.order_id).not.toBe([...ids][0]);
    });

    it("refuses another user's order and another seller's line with 403, and the wrong role", async () => {
      const { order, lineA, lineB } = await reservedOrder();
      const stranger = as(system, 'order', user(99));
      expect((await stranger.get(`/order-service/auth-user/orders/${order.order_id}`)).status).toBe(403);
      const theirs = await stranger.put(USER_LINE(order.order_id, lineA.order_product_id), { status: 'CANCELING' });
      expect(theirs.status).toBe(403);
      expect(theirs.body.data).toMatchObject({ rule: 'not-your-order' });
      // Line B is seller 2's: seller 1 may not touch it, nor see it.
      expect((await sellerMoves(seller(1)).to(lineB.order_product_id, 'ACCEPT')).status).toBe(403);
      expect((await as(system, 'order', seller(1)).get(SELLER_LINE(lineB.order_product_id))).status).toBe(404);
      expect((await sellerMoves(seller(2)).to(lineB.order_product_id, 'ACCEPT')).status).toBe(200);
      // A user is no seller, and a seller places no order; nobody at all is a 401.
      expect((await sellerMoves(u7).to(lineA.order_product_id, 'ACCEPT')).status).toBe(403);
      expect((await placeOrder(system, seller(1), [[lineA.product_id, 1]])).status).toBe(403);
      expect((await as(system, 'order').get('/order-service/auth-user/orders')).status).toBe(401);
      // A seller's product is its own: another seller may not change it; a supervisor may.
      const other = as(system, 'product', seller(2));
      expect(
        (await other.put(`/product-service/auth-seller/products/${lineA.product_id}/stock`, { stock: 1 })).status,
      ).toBe(403);
      const admin = as(system, 'product', supervisor);
      expect(
        (await admin.put(`/product-service/auth-seller/products/${lineA.product_id}/stock`, { stock: 8 })).status,
      ).toBe(200);
    });
  });
}
