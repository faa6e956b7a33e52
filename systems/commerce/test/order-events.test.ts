import { startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commerce } from '../system.ts';
import { logIn } from './accounts/helpers.ts';
import { openShop, placeOrder, productOnSale, type Shopper, settled, shoppers } from './fixtures.ts';

interface OrderEvent {
  id: string;
  event: string;
  data: { order_id: number; user_id: number; status: string; reject_reason: string | null };
}

/** An open event stream through the gateway, its events parsed as they arrive. */
async function watch(system: TestSystem, token: string, lastEventId?: string) {
  const answer = await request(`${system.gatewayUrl}/order-service/auth-user/orders/events`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
  });
  const events: OrderEvent[] = [];
  let buffered = '';
  answer.body.setEncoding('utf8');
  answer.body.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const data = field('data');
      if (data) events.push({ id: field('id') ?? '', event: field('event') ?? '', data: JSON.parse(data) });
    }
  });
  answer.body.on('error', () => {});
  return {
    status: answer.statusCode,
    contentType: answer.headers['content-type'],
    events,
    close: () => answer.body.destroy(),
  };
}

describe("a user's order events (server-sent, through the gateway)", () => {
  let system: TestSystem;
  let itemId: number;
  let buyer: Shopper;
  let token: string;
  beforeAll(async () => {
    system = await startTestSystem(commerce);
    ({ itemId } = await openShop(system));
    [buyer] = (await shoppers(system, 1)) as [Shopper];
    token = (await logIn(system, '/user-service/open-api/login', buyer.email, buyer.password)).access;
  });
  afterAll(() => system?.close());

  it('tells the user when an order is reserved and when one is rejected, naming the reason', async () => {
    const stream = await watch(system, token);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const productId = await productOnSale(system, itemId, 1);
    const reserved = await placeOrder(system, buyer, [[productId, 1]]);
    await settled(system, buyer, reserved.body.data?.order_id ?? 0);
    // More than is left, ordered while order still thinks the product is on sale: the saga rejects it.
    const other = await productOnSale(system, itemId, 1);
    const rejected = await placeOrder(system, buyer, [[other, 2]]);
    expect(rejected.status).toBe(201);
    await waitFor(async () => stream.events.length >= 2, { what: 'two order events' });
    stream.close();
    expect(stream.events.map((e) => [e.event, e.data.order_id, e.data.status, e.data.reject_reason])).toEqual([
      ['order', reserved.body.data?.order_id, 'RESERVED', null],
      ['order', rejected.body.data?.order_id, 'REJECT', 'out-of-stock'],
    ]);
    expect(stream.events.every((e) => e.data.user_id === Number(buyer.sub))).toBe(true);
  });

  it('misses nothing across a reconnect with Last-Event-ID, and repeats nothing', async () => {
    const first = await watch(system, token);
    const productId = await productOnSale(system, itemId, 10);
    const before = await placeOrder(system, buyer, [[productId, 1]]);
    await waitFor(async () => first.events.some((e) => e.data.order_id === before.body.data?.order_id), {
      what: 'the first order event',
    });
    const lastSeen = first.events.at(-1)?.id ?? '';
    first.close();
    // While nobody listens, an order is settled; the reconnect hears it, and only it.
    const during = await placeOrder(system, buyer, [[productId, 1]]);
    await settled(system, buyer, during.body.data?.order_id ?? 0);
    const again = await watch(system, token, lastSeen);
    await waitFor(async () => again.events.length >= 1, { what: 'the missed order event' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    again.close();
    expect(again.events.map((e) => e.data.order_id)).toEqual([during.body.data?.order_id]);
  });

  it("does not show a user another user's orders, and refuses a stream without a token", async () => {
    const [someone] = (await shoppers(system, 1)) as [Shopper];
    const stream = await watch(system, token);
    const productId = await productOnSale(system, itemId, 5);
    const theirs = await placeOrder(system, someone, [[productId, 1]]);
    await settled(system, someone, theirs.body.data?.order_id ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    stream.close();
    expect(stream.events.filter((e) => e.data.order_id === theirs.body.data?.order_id)).toEqual([]);
    const anonymous = await request(`${system.gatewayUrl}/order-service/auth-user/orders/events`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });
});
