// The shop a burst needs, made through the gateway with real accounts: the supervisor opens the catalog and a
// seller; the seller registers products and puts them on sale; users sign up, log in and add an address.
import type { GatewayClient } from './commerce-http.ts';
import { expectData } from './commerce-http.ts';
import { SUPERVISOR_PASSWORD } from './commerce-system.ts';

export interface Shopper {
  userId: number;
  token: string;
  addressId: number;
}

export interface Shop {
  supervisorToken: string;
  sellerToken: string;
  itemId: number;
  shoppers: Shopper[];
}

const SELLER = {
  name: '벤치스토어',
  email: 'bench-seller@benefits.com',
  password: 'Seller1234!',
  phone: '01011112222',
};
const HOME = {
  receiver: '홍길동',
  address1: '서울시 강남구 테헤란로 1',
  address2: '101호',
  zipcode: '06236',
  phone: '01098765432',
  receive_type: 'DOOR',
  receive_message: '문 앞에 두세요',
};

const SIGN_UPS_AT_ONCE = 4;

async function logIn(gw: GatewayClient, path: string, email: string, password: string): Promise<string> {
  const answer = await gw.post<unknown>(path, { email, password });
  // Login answers the token itself (`{access_token, expired_at}`), not the envelope.
  const token = (answer.body as { access_token?: unknown } | undefined)?.access_token;
  if (answer.status !== 201 || typeof token !== 'string') {
    throw new Error(`logging in at ${path} as ${email}: ${answer.status} ${answer.raw.slice(0, 300)}`);
  }
  return token;
}

/**
 * Opens the shop once per system: catalog, seller, and `shopperCount` users each with one address. Sign-up and
 * login hash with scrypt, so the users are few and each places many orders.
 */
export async function openShop(gw: GatewayClient, shopperCount: number): Promise<Shop> {
  const supervisorToken = await logIn(gw, '/supervisor-service/login', 'supervisor@benefits.com', SUPERVISOR_PASSWORD);
  const made = async (path: string, body: unknown) =>
    expectData<Record<string, number>>(await gw.post(path, body, supervisorToken), 201, `POST ${path}`);
  const category = await made('/product-service/auth-super/categories', { name: '노트북' });
  const brand = await made('/product-service/auth-super/brands', { name: '삼성' });
  const item = await made('/product-service/auth-super/items', {
    category_id: category.category_id,
    brand_id: brand.brand_id,
    name: '갤럭시북',
  });
  await made('/seller-service/auth-super/sellers', SELLER);
  const sellerToken = await logIn(gw, '/seller-service/login', SELLER.email, SELLER.password);
  // A few at a time: each sign-up and login is an scrypt hash in user's one process, and 20 at once (40
  // hashes) kept some past the gateway's 3 s deadline on the distributed runtime (504).
  const shoppers: Shopper[] = [];
  for (let i = 0; i < shopperCount; i += SIGN_UPS_AT_ONCE) {
    const batch = Array.from({ length: Math.min(SIGN_UPS_AT_ONCE, shopperCount - i) }, (_, j) => signUp(gw, i + j));
    shoppers.push(...(await Promise.all(batch)));
  }
  return { supervisorToken, sellerToken, itemId: item.item_id as number, shoppers };
}

async function signUp(gw: GatewayClient, n: number): Promise<Shopper> {
  const account = {
    name: '구매자',
    email: `bench-shopper-${n}@benefits.com`,
    password: 'Passw0rd!',
    phone: '01012345678',
  };
  const user = expectData<{ id: number }>(
    await gw.post('/user-service/open-api/users', account),
    201,
    `signing up ${account.email}`,
  );
  const token = await logIn(gw, '/user-service/open-api/login', account.email, account.password);
  const address = expectData<{ id: number }>(
    await gw.post(`/user-service/auth-user/address?user_id=${user.id}`, HOME, token),
    201,
    `adding an address for user ${user.id}`,
  );
  return { userId: user.id, token, addressId: address.id };
}

/** A product of the seller's, registered from the shop's item with `stock` and put on SELL. */
export async function productOnSale(gw: GatewayClient, shop: Shop, name: string, stock: number): Promise<number> {
  const product = expectData<{ product_id: number }>(
    await gw.post(
      '/product-service/auth-seller/products',
      { item_id: shop.itemId, name, price: 1_290_000, stock },
      shop.sellerToken,
    ),
    201,
    `registering ${name}`,
  );
  const path = `/product-service/auth-seller/products/${product.product_id}/status`;
  expectData(await gw.put(path, { status: 'SELL' }, shop.sellerToken), 200, `PUT ${path}`);
  return product.product_id;
}

/** An address id no shopper has: the probe below must never place an order. */
const NOBODYS_ADDRESS = 2_000_000_000;

/**
 * What order answers to an order for `lines` that could not be placed anyway. Order checks each line against its
 * own copy of the product (unknown: 404; not on sale: 409 product-not-on-sale; sold out: 409 product-sold-out)
 * before it asks user for the address, so with an address that is not the shopper's, "address-not-found" means
 * order knows every product as SELL, and nothing is ordered by asking.
 */
export async function probeOrder(gw: GatewayClient, shopper: Shopper, lines: [number, number][]): Promise<string> {
  const answer = await gw.post<{ rule?: string }>(
    '/order-service/auth-user/orders',
    {
      address_id: NOBODYS_ADDRESS,
      order_products: lines.map(([product_id, quantity]) => ({ product_id, quantity })),
    },
    shopper.token,
  );
  if (answer.status === 201) throw new Error(`the probe placed an order: ${answer.raw.slice(0, 300)}`);
  return `${answer.status} ${answer.body?.data?.rule ?? ''}`.trim();
}

/** Waits until order's copy of every product is on SELL, as a probe that places nothing shows it. */
export async function untilOrderSells(gw: GatewayClient, shopper: Shopper, products: number[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const lines = products.map((p): [number, number] => [p, 1]);
  for (;;) {
    const seen = await probeOrder(gw, shopper, lines);
    if (seen === '404 address-not-found') return;
    if (Date.now() > deadline) throw new Error(`order did not learn that ${products} are on sale: last probe ${seen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
