import { answer, badRequest, endpointsOf } from '@mosaic/kit/service';
import { checkout, findProduct, listRestocks, putProduct, receiveRestock, type SalesContext } from './commands.ts';
import { arrivedWords, expectedBy, type Product, soldOutWords, soldWords } from './domain.ts';
import {
  ArrivalQuery,
  Checkout,
  FactoryEcho,
  IDEMPOTENCY_KEY,
  ProductEntry,
  RestockParams,
  RestockQuery,
  SkuParams,
} from './schemas.ts';

const endpoint = endpointsOf<SalesContext>();
/** The shop has no accounts (the seed's buyers are cURL, postman and k6): its routes are open to anyone. */
const open = { auth: 'public' } as const;

const productView = (p: Product) => ({
  sku: p.sku,
  name: p.name,
  price: p.price,
  stock: p.stock,
  reorderPoint: p.reorderPoint,
  restockPending: p.restockPending,
});

const donut = endpoint({
  method: 'GET',
  path: '/product/donut',
  summary: "The seed's donut (setting donut.sku) with its stock; 404 상품 없음 when the warehouse has none",
  gateway: open,
  handle: async (ctx) => productView(await findProduct(ctx, ctx.settings.get('donut.sku'))),
});

const product = endpoint({
  method: 'GET',
  path: '/products/:sku',
  params: SkuParams,
  summary: 'One product with its stock and whether a restock is pending',
  gateway: open,
  handle: async (ctx, { params }) => productView(await findProduct(ctx, params.sku)),
});

const buy = endpoint({
  method: 'POST',
  path: '/checkout',
  body: Checkout,
  summary:
    'Buy donuts: 200 구매 완료! with the order number and the stock left, or 409 구매 실패! with when a restock is expected. Idempotency-Key honoured',
  gateway: open,
  handle: async (ctx, { body, headers }) => {
    const key = headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw badRequest('Idempotency-Key must be 1 to 100 printable characters without spaces');
    }
    const sku = body?.sku ?? body?.productSku ?? ctx.settings.get('donut.sku');
    const result = await checkout(ctx, sku, body?.quantity ?? 1, key);
    if (result.sold) {
      const { orderNo, quantity, stock, replayed } = result;
      return { message: soldWords(stock), orderNo, sku, quantity, stock, replayed };
    }
    // A sold-out purchase is a refusal (the seed answered 200, D-B10), saying when to come back.
    const restock = result.restock && {
      ...result.restock,
      expectedBy: expectedBy(result.restock.requestedAt, ctx.settings.get('restock.leadTimeMs')),
    };
    return answer(409, { message: soldOutWords(result.stock), rule: 'sold-out', sku, stock: result.stock, restock });
  },
});

const arrival = endpoint({
  method: 'POST',
  path: '/restocks/:id/arrival',
  params: RestockParams,
  query: ArrivalQuery,
  body: FactoryEcho,
  summary:
    "The factory's callback (the URL it was given, with the restock's one-time token): adds the restock once, clears the pending flag",
  gateway: open,
  handle: async (ctx, { params, query }) => {
    const { product: p, added, duplicate } = await receiveRestock(ctx, params.id, query.token);
    return { message: arrivedWords(p.name, p.stock), sku: p.sku, added, stock: p.stock, duplicate };
  },
});

const restocks = endpoint({
  method: 'GET',
  path: '/restocks',
  query: RestockQuery,
  summary:
    'The restock requests, newest first (?sku=): REQUESTED, IN_PRODUCTION (with the factory job), RECEIVED, or OVERDUE (no callback by the deadline)',
  gateway: open,
  handle: async (ctx, { query }) => listRestocks(ctx, query.sku),
});

const stockEntry = endpoint({
  method: 'PUT',
  path: '/products/:sku',
  params: SkuParams,
  body: ProductEntry,
  summary: "The warehouse's entry for a product (operators and the demo, straight to sales)",
  gateway: 'internal',
  handle: async (ctx, { params, body }) => productView(await putProduct(ctx, params.sku, body)),
});

export const salesEndpoints = [donut, product, buy, arrival, restocks, stockEntry];
