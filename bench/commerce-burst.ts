// One burst: N orders of (product 4 × 2 + product 5 × 1) from the shoppers, fired together, and each order's
// outcome as the shopper would see it, by polling their order lists while the burst runs.
import { type GatewayClient, now } from './commerce-http.ts';
import type { Shop, Shopper } from './commerce-shop.ts';

/** What the bench reads of an order in a shopper's list. */
export interface OrderSeen {
  order_id: number;
  status: 'ORDER' | 'RESERVED' | 'REJECT';
  reject_reason: string | null;
  rejected_product_id: number | null;
  order_products: { product_id: number; quantity: number; status: string; reject_reason: string | null }[];
}

export interface Sent {
  shopper: number;
  /** Epoch ms when the POST left and when its answer came. */
  startedAt: number;
  respondedAt: number;
  status: number;
  orderId?: number;
  /** The refusal's `data.rule` (409 product-sold-out), else its description, else the start of the answer. */
  rule?: string;
  /** When a poll first saw the order RESERVED or REJECT (its answer's arrival: an upper bound). */
  outcomeAt?: number;
  outcome?: OrderSeen;
}

export interface Burst {
  sent: Sent[];
  /** Lowest stock each product showed at any poll while the burst ran. */
  lowestStock: Record<number, number>;
  /** Poll rounds, and their mean duration (the resolution of `outcomeAt`). */
  polls: number;
  pollMs: number;
  /** The order lists that did not answer 200 while polling, e.g. "504 × 3". */
  pollErrors: Record<string, number>;
  settled: boolean;
  /** When a poll first showed product 4's stock at 0 (epoch ms). */
  soldOutAt?: number;
}

export interface BurstPlan {
  orders: number;
  /** Most POSTs in flight at once (N: all fired together, as the seed did). */
  concurrency: number;
  /** Pause between poll rounds. */
  pauseMs: number;
  timeoutMs: number;
}

/**
 * Orders a poll reads per page: the undecided orders of a shopper are among their newest (a few per shopper at
 * a time), and a short page keeps the polls' own load on order small; more pages are read when needed.
 */
const PAGE = 20;

export async function fireBurst(
  gw: GatewayClient,
  shop: Shop,
  products: { p4: number; p5: number },
  plan: BurstPlan,
): Promise<Burst> {
  const sent: Sent[] = [];
  const pending = new Map<number, Sent>();
  let posting = true;
  let next = 0;
  const body = (s: Shopper) => ({
    address_id: s.addressId,
    order_products: [
      { product_id: products.p4, quantity: 2 },
      { product_id: products.p5, quantity: 1 },
    ],
  });
  const post = async () => {
    while (next < plan.orders) {
      const i = next++;
      const shopper = i % shop.shoppers.length;
      const who = shop.shoppers[shopper] as Shopper;
      const record: Sent = { shopper, startedAt: now(), respondedAt: 0, status: 0 };
      sent.push(record);
      try {
        const answer = await gw.post<{ order_id?: number; rule?: string }>(
          '/order-service/auth-user/orders',
          body(who),
          who.token,
        );
        record.respondedAt = now();
        record.status = answer.status;
        const data = answer.body?.data;
        if (answer.status === 201 && typeof data?.order_id === 'number') {
          record.orderId = data.order_id;
          pending.set(data.order_id, record);
        } else record.rule = data?.rule ?? answer.body?.result?.result_description ?? answer.raw.slice(0, 200);
      } catch (error) {
        record.respondedAt = now();
        record.rule = error instanceof Error ? error.message : String(error);
      }
    }
  };

  const lowestStock: Record<number, number> = {};
  const pollErrors: Record<string, number> = {};
  let soldOutAt: number | undefined;
  let polls = 0;
  let pollTime = 0;
  const pollRound = async () => {
    const started = now();
    const owners = new Set([...pending.values()].map((s) => s.shopper));
    await Promise.all([
      ...[...owners].map((shopper) => pollShopper(gw, shop, shopper, pending, pollErrors)),
      ...[products.p4, products.p5].map(async (id) => {
        const answer = await gw.get<{ stock: number }>(`/product-service/open-api/products/${id}`);
        const stock = answer.body?.data?.stock;
        if (typeof stock === 'number') lowestStock[id] = Math.min(lowestStock[id] ?? stock, stock);
        if (id === products.p4 && stock === 0) soldOutAt ??= now();
      }),
    ]);
    polls++;
    pollTime += now() - started;
  };

  const posted = Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.orders) }, post)).finally(() => {
    posting = false;
  });
  const deadline = Date.now() + plan.timeoutMs;
  let settled = false;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, plan.pauseMs));
    await pollRound();
    if (!posting && pending.size === 0) {
      settled = true;
      break;
    }
    if (Date.now() > deadline) break;
  }
  await posted;
  const pollMs = Math.round(pollTime / Math.max(1, polls));
  return { sent, lowestStock, polls, pollMs, pollErrors, settled, ...(soldOutAt ? { soldOutAt } : {}) };
}

/** Reads one shopper's newest orders until every pending one of theirs is found; records those now decided. */
async function pollShopper(
  gw: GatewayClient,
  shop: Shop,
  shopper: number,
  pending: Map<number, Sent>,
  errors: Record<string, number>,
): Promise<void> {
  const token = (shop.shoppers[shopper] as Shopper).token;
  const theirs = () => [...pending].filter(([, s]) => s.shopper === shopper).map(([id]) => id);
  for (let page = 0; ; page++) {
    const answer = await gw.get<OrderSeen[]>(`/order-service/auth-user/orders?page=${page}&size=${PAGE}`, token);
    const arrived = now();
    const rows = answer.body?.data;
    if (answer.status !== 200 || !Array.isArray(rows)) {
      errors[answer.status] = (errors[answer.status] ?? 0) + 1;
      return;
    }
    for (const row of rows) {
      const record = pending.get(row.order_id);
      if (record && row.status !== 'ORDER') {
        record.outcomeAt = arrived;
        record.outcome = row;
        pending.delete(row.order_id);
      }
    }
    // Newest first: another page only while an order of theirs still pending is older than this page's oldest.
    const oldest = rows.at(-1)?.order_id ?? 0;
    if (rows.length < PAGE || !theirs().some((id) => id < oldest)) return;
  }
}
