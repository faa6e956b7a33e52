// What must hold after every burst, whatever the timing: the seed's KafkaTestMulti200 promises, checked from
// outside through the gateway as a shopper, the seller and the supervisor see them.
import type { Burst, OrderSeen } from './commerce-burst.ts';
import { type GatewayClient, now, whenNotBusy } from './commerce-http.ts';
import { probeOrder, type Shop } from './commerce-shop.ts';

export interface Stocks {
  p4: number;
  p5: number;
}

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Split {
  reserved: number;
  rejected: number;
  refused: number;
  /** Answers that were none of 201 or 409 product-sold-out (5xx, timeouts, other refusals), by status. */
  other: Record<string, number>;
}

/** Product 4 × 2 + product 5 × 1 per order, so product 4 runs out first: stock₄ ÷ 2 orders are reserved. */
export const expectedReserved = (stocks: Stocks) => stocks.p4 / 2;

/** The seed's 30 and 20 for 200 orders, scaled with N so that the outcome is still known exactly. */
export function stocksFor(orders: number): Stocks {
  if (orders % 40 !== 0) throw new Error(`--sizes must be multiples of 40 (stocks 3N/20 and N/10), got ${orders}`);
  return { p4: (orders * 3) / 20, p5: orders / 10 };
}

export function splitOf(burst: Burst): Split {
  const split: Split = { reserved: 0, rejected: 0, refused: 0, other: {} };
  for (const s of burst.sent) {
    if (s.status === 201 && s.outcome?.status === 'RESERVED') split.reserved++;
    else if (s.status === 201 && s.outcome?.status === 'REJECT') split.rejected++;
    else if (s.status === 409 && s.rule === 'product-sold-out') split.refused++;
    else {
      // Counted by kind: the numbers in a description ("try again in 9 s") would split one kind into many.
      const why = (s.rule ?? '').replace(/\d+/g, 'N');
      const key = s.status === 201 ? '201 never decided' : `${s.status || 'no answer'} ${why}`.trim();
      split.other[key] = (split.other[key] ?? 0) + 1;
    }
  }
  return split;
}

interface ProductSeen {
  stock: number;
  status: string;
}

export async function checkBurst(
  gw: GatewayClient,
  shop: Shop,
  products: Stocks,
  stocks: Stocks,
  burst: Burst,
  newestBefore: number,
): Promise<{ checks: Check[]; lateRefusedAt?: number }> {
  const n = burst.sent.length;
  const split = splitOf(burst);
  const reserved = expectedReserved(stocks);
  const final = async (id: number) => {
    const answer = await whenNotBusy(() =>
      gw.get<ProductSeen>(`/product-service/auth-seller/products/${id}`, shop.sellerToken),
    );
    const data = answer.body?.data;
    if (answer.status !== 200 || !data) throw new Error(`reading product ${id}: ${answer.status} ${answer.raw}`);
    return data;
  };
  const p4 = await final(products.p4);
  const p5 = await final(products.p5);
  const p5Left = stocks.p5 - reserved;
  const outcomes = burst.sent.flatMap((s) => (s.outcome ? [s.outcome] : []));
  const badReject = outcomes.filter(
    (o) =>
      o.status === 'REJECT' &&
      (o.reject_reason !== 'out-of-stock' ||
        o.rejected_product_id !== products.p4 ||
        o.order_products.some((l) => l.status !== 'REJECT' || l.reject_reason !== 'out-of-stock')),
  );
  const badReserved = outcomes.filter(
    (o) => o.status === 'RESERVED' && o.order_products.some((l) => l.status !== 'ORDER'),
  );
  const held = await ordersSince(gw, shop, newestBefore);
  const answered = new Set(burst.sent.flatMap((s) => (s.orderId === undefined ? [] : [s.orderId])));
  const ghosts = [...held.keys()].filter((id) => !answered.has(id));
  const missing = [...answered].filter((id) => !held.has(id));
  const lowest = Math.min(p4.stock, p5.stock, ...Object.values(burst.lowestStock));
  const late = await lateOrder(gw, shop, products.p4);
  const otherText = Object.entries(split.other)
    .map(([k, v]) => `${k} × ${v}`)
    .join(', ');

  const checks = [
    {
      name: `exactly ${reserved} orders reserved`,
      pass: split.reserved === reserved,
      detail: `${split.reserved} reserved`,
    },
    {
      name: 'product 4 ends 0 and SOLD_OUT',
      pass: p4.stock === 0 && p4.status === 'SOLD_OUT',
      detail: `stock ${p4.stock}, ${p4.status}`,
    },
    {
      name: `product 5 ends ${p5Left} (a rejected order took none of it)`,
      pass: p5.stock === p5Left && p5.status === 'SELL',
      detail: `stock ${p5.stock}, ${p5.status}`,
    },
    {
      name: 'every order RESERVED, REJECT out-of-stock (product 4) or refused 409 product-sold-out',
      pass: Object.keys(split.other).length === 0 && badReject.length === 0 && badReserved.length === 0,
      detail:
        [
          otherText && `other answers: ${otherText}`,
          badReject.length > 0 && `${badReject.length} REJECT not out-of-stock on product 4 in every line`,
          badReserved.length > 0 && `${badReserved.length} RESERVED with a line not ORDER`,
        ]
          .filter(Boolean)
          .join('; ') || 'all',
    },
    {
      name: `reserved + rejected + refused = ${n}`,
      pass: split.reserved + split.rejected + split.refused === n && burst.settled,
      detail: `${split.reserved} + ${split.rejected} + ${split.refused} = ${split.reserved + split.rejected + split.refused}${burst.settled ? '' : ' (NOT SETTLED in time)'}`,
    },
    {
      name: 'the shop holds exactly the orders answered 201',
      pass: ghosts.length === 0 && missing.length === 0,
      detail: `${held.size} held (${[...held.values()].filter((o) => o.status === 'RESERVED').length} RESERVED), ${answered.size} answered 201${ghosts.length ? `; placed behind another answer: ${ghosts.slice(0, 5)}` : ''}${missing.length ? `; missing: ${missing.slice(0, 5)}` : ''}`,
    },
    {
      name: 'no stock ever negative',
      pass: lowest >= 0,
      detail: `lowest ${lowest} over ${burst.polls} polls and the end`,
    },
    {
      name: 'a later order for product 4 is refused at once (409 product-sold-out)',
      pass: late.seen === '409 product-sold-out',
      detail: late.seen,
    },
  ];
  return { checks, ...(late.seen === '409 product-sold-out' ? { lateRefusedAt: late.at } : {}) };
}

/** Every shopper's orders newer than `newestBefore` (ids rise), read newest first a page at a time. */
async function ordersSince(gw: GatewayClient, shop: Shop, newestBefore: number): Promise<Map<number, OrderSeen>> {
  const held = new Map<number, OrderSeen>();
  await Promise.all(
    shop.shoppers.map(async (shopper) => {
      for (let page = 0; ; page++) {
        const answer = await whenNotBusy(() =>
          gw.get<OrderSeen[]>(`/order-service/auth-user/orders?page=${page}&size=100`, shopper.token),
        );
        const rows = answer.body?.data;
        if (answer.status !== 200 || !Array.isArray(rows)) {
          throw new Error(`listing user ${shopper.userId}'s orders: ${answer.status} ${answer.raw.slice(0, 300)}`);
        }
        for (const row of rows) if (row.order_id > newestBefore) held.set(row.order_id, row);
        if (rows.length < 100 || (rows.at(-1)?.order_id ?? 0) <= newestBefore) return;
      }
    }),
  );
  return held;
}

/** The newest order id in the shop (0 for none), as the supervisor, who sees every user's orders. */
export async function newestOrderId(gw: GatewayClient, shop: Shop): Promise<number> {
  const answer = await whenNotBusy(() =>
    gw.get<OrderSeen[]>('/order-service/auth-user/orders?size=1', shop.supervisorToken),
  );
  if (answer.status !== 200 || !Array.isArray(answer.body?.data)) {
    throw new Error(`listing orders as the supervisor: ${answer.status} ${answer.raw.slice(0, 300)}`);
  }
  return answer.body.data[0]?.order_id ?? 0;
}

/** What a new order for product 4 gets once the burst is over; order may hear of SOLD_OUT a moment later. */
async function lateOrder(gw: GatewayClient, shop: Shop, p4: number): Promise<{ seen: string; at: number }> {
  const shopper = shop.shoppers[0];
  if (!shopper) return { seen: 'no shopper', at: now() };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const seen = await probeOrder(gw, shopper, [[p4, 1]]);
    if (seen === '409 product-sold-out' || Date.now() > deadline) return { seen, at: now() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
