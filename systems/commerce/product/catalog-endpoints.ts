import { endpointsOf } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SELLER, AUTH_SUPER, OPEN_API, requireRole } from '../contracts/identity.ts';
import { addItem, addNamed, type ProductContext } from './commands.ts';
import { NewBrand, NewCategory, NewItem } from './schemas.ts';

const endpoint = endpointsOf<ProductContext>();
const PREFIX = '/product-service';

/** Categories, brands and items: the supervisor's catalog, which sellers build products from. */

export const createCategory = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-super/categories`,
  body: NewCategory,
  summary: 'A supervisor adds a category',
  gateway: AUTH_SUPER,
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    return ok(201, await addNamed(ctx, 'categories')(body.name));
  },
});

export const createBrand = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-super/brands`,
  body: NewBrand,
  summary: 'A supervisor adds a brand',
  gateway: AUTH_SUPER,
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    return ok(201, await addNamed(ctx, 'brands')(body.name));
  },
});

export const createItem = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-super/items`,
  body: NewItem,
  summary: 'A supervisor adds an item (the inventory unit sellers build products from)',
  gateway: AUTH_SUPER,
  handle: async (ctx, { body, caller }) => {
    requireRole(caller, ['SUPERVISOR']);
    return ok(201, await addItem(ctx)({ categoryId: body.category_id, brandId: body.brand_id, name: body.name }));
  },
});

export const listCategories = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/categories`,
  summary: 'Every category, to filter the product list by',
  gateway: OPEN_API,
  handle: async (ctx) =>
    ok(200, await ctx.store.db.selectFrom('categories').selectAll().orderBy('category_id').execute()),
});

export const listBrands = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/brands`,
  summary: 'Every brand, to filter the product list by',
  gateway: OPEN_API,
  handle: async (ctx) => ok(200, await ctx.store.db.selectFrom('brands').selectAll().orderBy('brand_id').execute()),
});

export const listItems = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/items`,
  summary: 'Every item a seller may register a product from',
  gateway: AUTH_SELLER,
  handle: async (ctx, { caller }) => {
    requireRole(caller, ['SELLER', 'SUPERVISOR']);
    return ok(200, await ctx.store.db.selectFrom('items').selectAll().orderBy('item_id').execute());
  },
});

export const catalogEndpoints = [createCategory, createBrand, createItem, listCategories, listBrands, listItems];
