import { join } from 'node:path';
import {
  type ClusterProcess,
  type JsonClient,
  jsonClient,
  startCluster as startKitCluster,
  waitFor,
} from '@mosaic/kit/testing';
import type { ListPage } from '../contracts/paging.ts';
import type { Order } from '../order/domain.ts';
import { fishdelivery } from '../system.ts';

export type { Cluster, ClusterProcess, Delivery } from '@mosaic/kit/testing';

const REPO = join(import.meta.dirname, '../../..');

/** fishdelivery as separate processes of the real CLI (the kit's cluster); `env` adds or overrides variables. */
export const startCluster = (env: Record<string, string> = {}) =>
  startKitCluster(fishdelivery, { cli: join(REPO, 'packages/cli/src/main.ts'), cwd: REPO, env });

/** A gateway client for a running gateway process. */
export function httpTo(gateway: ClusterProcess): JsonClient {
  return jsonClient(gateway.url);
}

/** The order's 600 ms payment budget ran out (a CPU-starved machine), or its breaker opened because of that. */
const PAYMENT_TIMEOUT = /problem:unavailable.*(did not answer within|overloaded)/;

export interface PlacedOrders {
  orderIds: number[];
  /** Every answer that was not 201 and was not retried, with its status and body. */
  failures: string[];
  /** Answers that said payment timed out, each followed by a new try (as the Retry-After invites). */
  retried: string[];
}

/**
 * Posts `count` orders with `concurrency` in flight, calling `onProgress` after each. With `retryTimeouts`,
 * an order turned away because payment did not answer in time is placed again (up to 10 tries): tests about
 * crashes must not fail because a loaded 2-core machine was slow, and every such retry is reported.
 */
export async function placeOrders(
  http: JsonClient,
  count: number,
  concurrency: number,
  options: { onProgress?: (done: number) => void | Promise<void>; retryTimeouts?: boolean } = {},
): Promise<PlacedOrders> {
  const result: PlacedOrders = { orderIds: [], failures: [], retried: [] };
  let next = 0;
  let done = 0;
  const placeOne = async (i: number) => {
    for (let attempt = 1; ; attempt++) {
      let answer: string;
      try {
        const response = await http.post<Order>('/orders', {
          customerName: `load-${i}`,
          fishName: 'mackerel',
          qty: 1,
          telephone: '01000000000',
          address: 'Jeju',
        });
        if (response.status === 201) {
          result.orderIds.push(response.body.orderId);
          return;
        }
        answer = `${response.status} ${JSON.stringify(response.body)}`;
      } catch (error) {
        answer = error instanceof Error ? error.message : String(error);
      }
      if (!options.retryTimeouts || attempt >= 10 || !PAYMENT_TIMEOUT.test(answer)) {
        result.failures.push(answer);
        return;
      }
      result.retried.push(answer);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const worker = async () => {
    while (next < count) {
      await placeOne(next++);
      done++;
      await options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

/**
 * Freshly started processes open their database pools and compile their routes on the first requests,
 * which can outlast the order's 600 ms payment budget on a busy 2-core machine. Tests about faults wait
 * until three orders in a row succeed, so a cold start is never mistaken for the fault under test.
 */
export async function warmUp(http: JsonClient): Promise<void> {
  let inARow = 0;
  await waitFor(
    async () => {
      const { failures } = await placeOrders(http, 1, 1);
      inARow = failures.length === 0 ? inARow + 1 : 0;
      return inARow >= 3;
    },
    { what: 'three orders in a row to succeed after start-up', timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** Every row of a list endpoint, read page by page (500 a page) until its last page. */
export async function listAll<T>(http: JsonClient, path: string): Promise<T[]> {
  const resource = path.split('?')[0]!.slice(1);
  const rows: T[] = [];
  for (let page = 0; ; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await http.get<ListPage<T>>(`${path}${separator}size=500&page=${page}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    const found = response.body._embedded[resource];
    if (!found) throw new Error(`GET ${path} answered no _embedded.${resource}`);
    rows.push(...found);
    if (page + 1 >= response.body.page.totalPages) return rows;
  }
}
