import type { JsonClient } from '@mosaic/kit/testing';
import { waitFor } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { ListPage } from '../contracts/paging.ts';
import type { Order } from '../order/domain.ts';
import type { MyPage } from '../order/views.ts';

/** A row of any list, read field by field by the test that asked for it. */
export type Row = Record<string, unknown>;

let customer = 0;

export function newOrder(overrides: Record<string, unknown> = {}) {
  customer++;
  return {
    customerName: `customer-${customer}`,
    fishName: 'flatfish',
    qty: 1,
    telephone: '01012341234',
    address: 'kyungkido sungnamsi',
    ...overrides,
  };
}

/** Places an order through the gateway and expects it paid. */
export async function placePaidOrder(http: JsonClient, overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await http.post<Order>('/orders', newOrder(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe('PAID');
  return response.body.orderId;
}

export function myPageStatus(http: JsonClient, orderId: number, status: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const page = await http.get<MyPage>(`/myPages/${orderId}`);
      return page.status === 200 && page.body.status === status ? page.body : undefined;
    },
    { what: `MyPage of order ${orderId} to be ${status}`, timeoutMs },
  );
}

/** The rows of one page of a list (`/orders`, `/payments?orderId=3`, ...), read from the seed's page shape. */
export async function rowsOf(http: JsonClient, path: string) {
  const list = await http.get<ListPage<Row>>(path);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const resource = new URL(path, 'http://x').pathname.slice(1);
  const rows = list.body._embedded[resource];
  if (!rows) throw new Error(`GET ${path} answered no _embedded.${resource}: ${JSON.stringify(list.body)}`);
  return rows;
}

/** The one row a service holds for an order, once it exists (and matches `status`, when given). */
export function rowFor(http: JsonClient, resource: string, orderId: number, status?: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const list = await http.get<ListPage<Row>>(`/${resource}?orderId=${orderId}`);
      const rows = list.status === 200 ? list.body._embedded?.[resource] : undefined;
      if (!Array.isArray(rows)) return undefined;
      expect(rows.length, `${resource} rows for order ${orderId}`).toBeLessThanOrEqual(1);
      const row = rows[0];
      return row && (!status || row.status === status) ? row : undefined;
    },
    { what: `${resource} of order ${orderId}${status ? ` to be ${status}` : ''}`, timeoutMs },
  );
}
