import type { SystemAddresses } from '@mosaic/kit/runtime';
import type { Envelope } from './contracts/envelope.ts';
import { FIRST_SUPERVISOR_EMAIL } from './supervisor/service.ts';

/** Every demo account signs in with this password (it meets the seed's rule: letters, digits and a sign). */
export const DEMO_PASSWORD = 'Demo1234!';

const SELLERS = [
  { name: '삼성스토어', email: 'samsung.store@benefits.com', phone: '01011112222' },
  { name: 'LG베스트샵', email: 'lg.bestshop@benefits.com', phone: '01033334444' },
] as const;
const USERS = [
  { name: '김민수', email: 'minsu.kim@benefits.com', phone: '01055556666', address: '서울시 강남구 테헤란로 152' },
  { name: '이서연', email: 'seoyeon.lee@benefits.com', phone: '01077778888', address: '부산시 해운대구 센텀중앙로 79' },
  { name: '박지훈', email: 'jihoon.park@benefits.com', phone: '01099990000', address: '대전시 유성구 대학로 99' },
] as const;

/** The catalog: categories and brands, items made of them, and each seller's products on sale from the items. */
const CATEGORIES = ['노트북', '모니터'] as const;
const BRANDS = ['삼성', 'LG'] as const;
const ITEMS = [
  { name: '갤럭시북', category: '노트북', brand: '삼성' },
  { name: '그램', category: '노트북', brand: 'LG' },
  { name: '오디세이', category: '모니터', brand: '삼성' },
] as const;
/** The first two are the seed's own products of its 200-order test (spec §11), with its stocks. */
const PRODUCTS = [
  { seller: 0, item: '갤럭시북', name: '길럭시북 그래파이트 15.6인치 코어 i5 - 512GB', price: 1_290_000, stock: 30 },
  {
    seller: 0,
    item: '갤럭시북',
    name: '김럭시북9 그려파이트 14인치 코어 16GB - 2TB - 인도우11 PRO',
    price: 2_190_000,
    stock: 20,
  },
  { seller: 0, item: '오디세이', name: '오디세이 G5 27인치 QHD 165Hz', price: 389_000, stock: 12 },
  { seller: 1, item: '그램', name: '그램 16 코어 i7 16GB - 512GB', price: 1_890_000, stock: 8 },
] as const;

/** The first supervisor is created by supervisor itself on the first start, so its id is 1. */
const SUPERVISOR = { sub: '1', role: 'SUPERVISOR' } as const;

/**
 * The demo shop a newcomer finds on the first start: two sellers with products on sale (the seed's two
 * laptops among them), three users with an address each. Written through the services' own routes, as the
 * supervisor and as each seller or user, so it obeys every rule a client meets; skipped when the shop
 * already has users, so it never mixes into a real one.
 */
export async function commerceDemo(system: SystemAddresses): Promise<string | undefined> {
  const call = caller(system);
  const existing = await call<unknown[]>('user', 'GET', '/user-service/auth-super/users?size=1', SUPERVISOR);
  if ((existing.pagination?.total_elements ?? 0) > 0) {
    const demoUser = await call<unknown>(
      'user',
      'GET',
      `/user-service/auth-user/users?email=${USERS[0].email}`,
      SUPERVISOR,
      undefined,
      [200, 404],
    );
    return demoUser.data ? describe(system.gatewayUrl, 'seeded earlier') : undefined;
  }

  const sellerIds: number[] = [];
  for (const seller of SELLERS) {
    const made = await call<{ id: number }>('seller', 'POST', '/seller-service/auth-super/sellers', SUPERVISOR, {
      ...seller,
      password: DEMO_PASSWORD,
    });
    sellerIds.push(made.data?.id ?? 0);
  }
  const ids = new Map<string, number>();
  for (const name of CATEGORIES) {
    const made = await call<{ category_id: number }>(
      'product',
      'POST',
      '/product-service/auth-super/categories',
      SUPERVISOR,
      { name },
    );
    ids.set(`category:${name}`, made.data?.category_id ?? 0);
  }
  for (const name of BRANDS) {
    const made = await call<{ brand_id: number }>('product', 'POST', '/product-service/auth-super/brands', SUPERVISOR, {
      name,
    });
    ids.set(`brand:${name}`, made.data?.brand_id ?? 0);
  }
  for (const item of ITEMS) {
    const made = await call<{ item_id: number }>('product', 'POST', '/product-service/auth-super/items', SUPERVISOR, {
      name: item.name,
      category_id: ids.get(`category:${item.category}`),
      brand_id: ids.get(`brand:${item.brand}`),
    });
    ids.set(`item:${item.name}`, made.data?.item_id ?? 0);
  }
  for (const product of PRODUCTS) {
    const seller = { sub: String(sellerIds[product.seller]), role: 'SELLER' } as const;
    const made = await call<{ product_id: number }>(
      'product',
      'POST',
      '/product-service/auth-seller/products',
      seller,
      {
        item_id: ids.get(`item:${product.item}`),
        name: product.name,
        price: product.price,
        stock: product.stock,
      },
    );
    const path = `/product-service/auth-seller/products/${made.data?.product_id}/status`;
    await call('product', 'PUT', path, seller, { status: 'SELL' });
  }
  for (const user of USERS) {
    const made = await call<{ id: number }>('user', 'POST', '/user-service/open-api/users', undefined, {
      name: user.name,
      email: user.email,
      password: DEMO_PASSWORD,
      phone: user.phone,
    });
    const id = made.data?.id ?? 0;
    await call(
      'user',
      'POST',
      `/user-service/auth-user/address?user_id=${id}`,
      { sub: String(id), role: 'USER' },
      {
        receiver: user.name,
        address1: user.address,
        address2: '101동 1001호',
        zipcode: '06236',
        phone: user.phone,
        receive_type: 'DOOR',
        receive_message: '문 앞에 놓아 주세요',
      },
    );
  }
  return describe(system.gatewayUrl, 'seeded');
}

/** The lines `mosaic up` prints: who can sign in where. */
function describe(gatewayUrl: string, when: string): string {
  const width = Math.max(...[...SELLERS, ...USERS].map((a) => a.email.length));
  return [
    `commerce demo ${when} (${gatewayUrl}); every demo password is ${DEMO_PASSWORD}:`,
    ...USERS.map(
      (u) => `  USER        ${u.email.padEnd(width)}  POST /user-service/open-api/login  (${u.name}, one address)`,
    ),
    ...SELLERS.map((s) => `  SELLER      ${s.email.padEnd(width)}  POST /seller-service/login  (${s.name})`),
    `  SUPERVISOR  ${FIRST_SUPERVISOR_EMAIL.padEnd(width)}  POST /supervisor-service/login  (MOSAIC_COMMERCE_SUPERVISOR_PASSWORD, or the password printed at first start)`,
  ].join('\n');
}

type Who = { sub: string; role: 'USER' | 'SELLER' | 'SUPERVISOR' };

/** A call straight to a service, as `who` (vouched by the system) or anonymously; anything unexpected throws. */
function caller(system: SystemAddresses) {
  return async <T>(
    service: string,
    method: string,
    path: string,
    who: Who | undefined,
    body?: unknown,
    expected: readonly number[] = [200, 201],
  ): Promise<Envelope<T>> => {
    const url = system.services.get(service)?.url;
    if (!url) throw new Error(`the commerce demo needs the ${service} service running`);
    const headers: Record<string, string> = { ...(who ? system.vouchedHeaders(who) : {}) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const answer = await fetch(url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (!expected.includes(answer.status)) {
      throw new Error(`the commerce demo's ${method} ${path} answered ${answer.status}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as Envelope<T>;
  };
}

/**
 * The demo's callers, signed in through the gateway as a client would: the first demo user and seller, and
 * the supervisor when its password is known from the environment.
 */
export async function commerceDemoCallers(system: SystemAddresses): Promise<Record<string, string>> {
  const accounts: { role: string; path: string; email: string; password: string }[] = [
    { role: 'USER', path: '/user-service/open-api/login', email: USERS[0].email, password: DEMO_PASSWORD },
    { role: 'SELLER', path: '/seller-service/login', email: SELLERS[0].email, password: DEMO_PASSWORD },
  ];
  const supervisorPassword = process.env.MOSAIC_COMMERCE_SUPERVISOR_PASSWORD;
  if (supervisorPassword) {
    accounts.push({
      role: 'SUPERVISOR',
      path: '/supervisor-service/login',
      email: FIRST_SUPERVISOR_EMAIL,
      password: supervisorPassword,
    });
  }
  const callers: Record<string, string> = {};
  for (const { role, path, email, password } of accounts) {
    const answer = await fetch(system.gatewayUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await answer.json()) as { access_token?: string };
    if (!answer.ok || !body.access_token)
      throw new Error(`the demo ${role} ${email} could not sign in (${answer.status})`);
    callers[role] = `Bearer ${body.access_token}`;
  }
  return callers;
}
