import { endpointsOf, notFound } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SELLER, OPEN_API, requireRole } from '../contracts/identity.ts';
import { paginationOf } from '../contracts/paging.ts';
import { changeStatus, mustOwn, type ProductContext, registerProduct, setStock } from './commands.ts';
import { isVisible, VISIBLE_STATUSES } from './domain.ts';
import { products } from './products.ts';
import {
  NewProduct,
  ProductParams,
  PublicProductQuery,
  SellerProductQuery,
  StatusChange,
  StockChange,
} from './schemas.ts';
import { productView } from './views.ts';

const endpoint = endpointsOf<ProductContext>();
const PREFIX = '/product-service';

export const browseProducts = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/products`,
  query: PublicProductQuery,
  summary: 'Products on sale or sold out, a page at a time, by category, brand, status or part of the name',
  gateway: OPEN_API,
  handle: async (ctx, { query }) => {
    const statuses = query.status ? [query.status] : VISIBLE_STATUSES;
    const found = await products(ctx.store.db).list({
      ...query,
      ...(query.category_id ? { categoryId: query.category_id } : {}),
      ...(query.brand_id ? { brandId: query.brand_id } : {}),
      statuses,
    });
    return ok(200, found.rows.map(productView), { pagination: paginationOf(query, found) });
  },
});

export const showProduct = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/products/:product_id`,
  params: ProductParams,
  summary: 'One product on sale or sold out',
  gateway: OPEN_API,
  handle: async (ctx, { params }) => {
    const product = await products(ctx.store.db).find(params.product_id);
    // A product not yet offered, or withdrawn, is nobody's business but its seller's.
    if (!product || !isVisible(product)) throw notFound('product', params.product_id);
    return ok(200, productView(product));
  },
});

export const createProduct = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-seller/products`,
  body: NewProduct,
  summary: 'A seller registers a product from an item (REGISTERED: not on sale until it sets SELL)',
  gateway: AUTH_SELLER,
  handle: async (ctx, { body, caller }) => {
    const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    const input = { itemId: body.item_id, name: body.name, price: body.price, stock: body.stock ?? 0 };
    return ok(201, productView(await registerProduct(ctx)(seller, input)));
  },
});

export const listSellerProducts = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/products`,
  query: SellerProductQuery,
  summary: "The seller's own products in every status, a page at a time (a supervisor sees all)",
  gateway: AUTH_SELLER,
  handle: async (ctx, { query, caller }) => {
    const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    const found = await products(ctx.store.db).list({
      ...query,
      ...(seller.role === 'SELLER' ? { sellerId: seller.id } : {}),
      statuses: ['REGISTERED', 'SELL', 'SOLD_OUT', 'UNREGISTERED'],
    });
    return ok(200, found.rows.map(productView), { pagination: paginationOf(query, found) });
  },
});

export const showSellerProduct = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/products/:product_id`,
  params: ProductParams,
  summary: "One of the seller's products, its stock included",
  gateway: AUTH_SELLER,
  handle: async (ctx, { params, caller }) => {
    const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    const product = await products(ctx.store.db).find(params.product_id);
    if (!product) throw notFound('product', params.product_id);
    mustOwn(seller, product);
    return ok(200, productView(product));
  },
});

export const putStatus = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-seller/products/:product_id/status`,
  params: ProductParams,
  body: StatusChange,
  summary: 'The seller puts its product on sale (SELL), marks it SOLD_OUT or withdraws it (UNREGISTERED)',
  gateway: AUTH_SELLER,
  handle: async (ctx, { params, body, caller }) => {
    const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    return ok(200, productView(await changeStatus(ctx)(seller, params.product_id, body.status)));
  },
});

export const putStock = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-seller/products/:product_id/stock`,
  params: ProductParams,
  body: StockChange,
  summary: 'The seller sets the stock; at 0 the product is SOLD_OUT, from 0 it is on sale again',
  gateway: AUTH_SELLER,
  handle: async (ctx, { params, body, caller }) => {
    const seller = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    return ok(200, productView(await setStock(ctx)(seller, params.product_id, body.stock)));
  },
});

export const productEndpoints = [
  browseProducts,
  showProduct,
  createProduct,
  listSellerProducts,
  showSellerProduct,
  putStatus,
  putStock,
];
