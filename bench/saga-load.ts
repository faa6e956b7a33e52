import { Agent, request } from 'undici';

export interface Placed {
  orderId: number;
  /** Epoch ms (fractional) when the POST was sent and when its answer arrived. */
  startedAt: number;
  respondedAt: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Posts `count` orders through the gateway with `concurrency` in flight on keep-alive connections. */
export async function placeOrders(
  gatewayUrl: string,
  count: number,
  concurrency: number,
): Promise<{ placed: Placed[]; failures: string[] }> {
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const placed: Placed[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const startedAt = now();
      try {
        const response = await request(`${gatewayUrl}/orders`, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            customerName: `bench-${i}`,
            fishName: 'flatfish',
            qty: 1,
            telephone: '01012341234',
            address: 'Seoul',
          }),
        });
        const body = (await response.body.json()) as { orderId?: number };
        if (response.statusCode === 201 && typeof body.orderId === 'number') {
          placed.push({ orderId: body.orderId, startedAt, respondedAt: now() });
        } else failures.push(`${response.statusCode} ${JSON.stringify(body).slice(0, 200)}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await dispatcher.close();
  return { placed, failures };
}

/**
 * When each order became `paid` in MyPage (its `updatedAt`), read after the load so reading costs the
 * system nothing while it is measured. Waits until every order is paid, or fails naming how many are not.
 */
export async function readPaid(
  gatewayUrl: string,
  orderIds: readonly number[],
  timeoutMs: number,
): Promise<Map<number, number>> {
  const wanted = new Set(orderIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const paid = new Map<number, number>();
    let busy = false;
    for (let page = 0; ; page++) {
      const response = await fetch(`${gatewayUrl}/myPages?status=paid&size=500&page=${page}`);
      if (response.status === 429 || response.status >= 500) {
        // A system still draining its backlog may shed or time out a read: ask again with the next poll.
        busy = true;
        await response.body?.cancel();
        break;
      }
      if (!response.ok) throw new Error(`GET /myPages answered ${response.status}: ${await response.text()}`);
      // A Spring Data REST page, as the seed answered lists.
      const body = (await response.json()) as {
        _embedded: { myPages: { orderId: number; updatedAt: string }[] };
        page: { totalPages: number };
      };
      for (const row of body._embedded.myPages)
        if (wanted.has(row.orderId)) paid.set(row.orderId, Date.parse(row.updatedAt));
      if (page + 1 >= body.page.totalPages) break;
    }
    if (!busy && paid.size === wanted.size) return paid;
    if (Date.now() > deadline) {
      throw new Error(
        busy
          ? `MyPage still answered 429 or 5xx after ${timeoutMs} ms; see the system's log`
          : `${wanted.size - paid.size} of ${wanted.size} orders were not paid in MyPage after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
