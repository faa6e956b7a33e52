import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { Envelope } from '../contracts/envelope.ts';
import type { Role } from '../contracts/identity.ts';

/** A person as the gateway would vouch for them (no token issuer yet: the test asks the system directly). */
export interface Who {
  sub: string;
  role: Role;
}

export const supervisor: Who = { sub: '1', role: 'SUPERVISOR' };
export const seller = (n: number): Who => ({ sub: String(n), role: 'SELLER' });
export const user = (n: number): Who => ({ sub: String(n), role: 'USER' });

export interface ProductView {
  product_id: number;
  seller_id: number;
  name: string;
  stock: number;
  status: string;
}

export interface LineView {
  order_product_id: number;
  order_id: number;
  product_id: number;
  quantity: number;
  status: string;
  reject_reason: string | null;
  stock_returned: boolean;
  review_id: number | null;
}

export interface OrderView {
  order_id: number;
  user_id: number;
  status: 'ORDER' | 'RESERVED' | 'REJECT';
  reject_reason: string | null;
  rejected_product_id: number | null;
  order_products: LineView[];
  address: ({ address_id: number } & Record<string, string | number>) | null;
}

/**
 * Calls one service's port straight, as `who` (fresh vouched headers for every request: a vouch is bound to
 * its request id), or anonymously. Every answer is read as the commerce envelope.
 */
export function as(system: TestSystem, service: 'product' | 'order' | 'review', who?: Who) {
  const client = system.direct(service);
  const headers = (extra: Record<string, string> = {}) => ({ ...(who ? system.vouchedHeaders(who) : {}), ...extra });
  return {
    get: <T>(path: string) => client.get<Envelope<T>>(path, headers()),
    post: <T>(path: string, body: unknown, extra?: Record<string, string>) =>
      client.post<Envelope<T>>(path, body, headers(extra)),
    put: <T>(path: string, body: unknown) => client.put<Envelope<T>>(path, body, headers()),
  };
}

/** A shop with one category, brand and item, ready for products. */
export async function openShop(system: TestSystem): Promise<{ itemId: number }> {
  const admin = as(system, 'product', supervisor);
  const suffix = Math.random().toString(36).slice(2, 8);
  const category = await admin.post<{ category_id: number }>('/product-service/auth-super/categories', {
    name: `노트북-${suffix}`,
  });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
  const brand = await admin.post<{ brand_id: number }>('/product-service/auth-super/brands', {
    name: `삼성-${suffix}`,
  });
  expect(brand.status).toBe(201);
  const item = await admin.post<{ item_id: number }>('/product-service/auth-super/items', {
    category_id: category.body.data?.category_id,
    brand_id: brand.body.data?.brand_id,
    name: '갤럭시북',
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  return { itemId: item.body.data?.item_id ?? 0 };
}

/** A seller's product put on SELL with `stock`, once order knows it is on sale. */
export async function productOnSale(
  system: TestSystem,
  itemId: number,
  stock: number,
  options: { seller?: Who; name?: string } = {},
): Promise<number> {
  const owner = as(system, 'product', options.seller ?? seller(1));
  const name = options.name ?? `product-${Math.random().toString(36).slice(2, 8)}`;
  const made = await owner.post<ProductView>('/product-service/auth-seller/products', {
    item_id: itemId,
    name,
    price: 1_290_000,
    stock,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const productId = made.body.data?.product_id ?? 0;
  const sell = await owner.put(`/product-service/auth-seller/products/${productId}/status`, { status: 'SELL' });
  expect(sell.status, JSON.stringify(sell.body)).toBe(200);
  await orderKnows(system, productId, stock > 0 ? 'SELL' : 'SOLD_OUT');
  return productId;
}

/** Waits until order's copy of the product reads `status`. */
export function orderKnows(system: TestSystem, productId: number, status: string) {
  return waitFor(
    async () => {
      const known = await system
        .direct('order')
        .get<Envelope<{ status: string }>>(`/order-service/internal/products/${productId}`);
      return known.status === 200 && known.body.data?.status === status;
    },
    { what: `order to know product ${productId} as ${status}` },
  );
}

export async function stockOf(system: TestSystem, productId: number): Promise<ProductView> {
  const answer = await as(system, 'product', supervisor).get<ProductView>(
    `/product-service/auth-seller/products/${productId}`,
  );
  expect(answer.status).toBe(200);
  if (!answer.body.data) throw new Error(`no product ${productId}`);
  return answer.body.data;
}

/** A signed-up user with one address to send orders to. */
export interface Shopper extends Who {
  addressId: number;
  /** Signs in through the gateway with these. */
  email: string;
  password: string;
}

let shoppersMade = 0;
/** `count` new users, each signed up through the gateway with one address (orders need one of their own). */
export function shoppers(system: TestSystem, count: number): Promise<Shopper[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      shoppersMade += 1;
      const tag = `${Date.now().toString(36)}${shoppersMade}${Math.random().toString(36).slice(2, 6)}`;
      const account = {
        name: '구매자',
        email: `shopper-${tag}@benefits.com`,
        password: 'Passw0rd!',
        phone: '01012345678',
      };
      const made = await system.http.post<Envelope<{ id: number }>>('/user-service/open-api/users', account);
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const who = user(made.body.data?.id ?? 0);
      const added = await system
        .direct('user')
        .post<Envelope<{ id: number }>>(`/user-service/auth-user/address?user_id=${who.sub}`, homeAddress, {
          ...system.vouchedHeaders(who),
        });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      return { ...who, addressId: added.body.data?.id ?? 0, email: account.email, password: account.password };
    }),
  );
}

export const homeAddress = {
  receiver: '홍길동',
  address1: '서울시 강남구 테헤란로 1',
  address2: '101호',
  zipcode: '06236',
  phone: '01098765432',
  receive_type: 'DOOR',
  receive_message: '문 앞에 두세요',
};

/** `who` orders; a caller that is not a Shopper names address 1, which is not theirs (for refusal tests). */
export async function placeOrder(system: TestSystem, who: Who | Shopper, lines: [number, number][], key?: string) {
  const body = {
    address_id: 'addressId' in who ? who.addressId : 1,
    order_products: lines.map(([product_id, quantity]) => ({ product_id, quantity })),
  };
  return as(system, 'order', who).post<OrderView>(
    '/order-service/auth-user/orders',
    body,
    key ? { 'idempotency-key': key } : {},
  );
}

/** The order once its stock saga has decided it (RESERVED or REJECT). */
export function settled(system: TestSystem, who: Who, orderId: number, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const got = await as(system, 'order', who).get<OrderView>(`/order-service/auth-user/orders/${orderId}`);
      const order = got.body.data;
      return order && order.status !== 'ORDER' ? order : undefined;
    },
    { what: `order ${orderId} to be reserved or rejected`, timeoutMs },
  );
}

/** A line as its seller sees it, once `test` holds. */
export function lineWhen(system: TestSystem, who: Who, lineId: number, test: (line: LineView) => boolean) {
  return waitFor(
    async () => {
      const got = await as(system, 'order', who).get<LineView>(`/order-service/auth-seller/order-products/${lineId}`);
      return got.body.data && test(got.body.data) ? got.body.data : undefined;
    },
    { what: `order line ${lineId}` },
  );
}
