import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/envelope.ts';
import { catalogEndpoints } from './catalog-endpoints.ts';
import { productEndpoints } from './endpoints.ts';
import { stock } from './policies.ts';
import { migrations, type ProductTables } from './store.ts';

/** The catalog (categories, brands, items, products) and the stock, reserved and returned by events. */
export const productService = defineService<ProductTables>({
  name: 'product',
  system: 'commerce',
  // The seed ran on MySQL 8: the distributed runtime keeps the stock there, so the conditional UPDATE is
  // proven on the seed's engine.
  storage: 'mysql',
  migrations,
  endpoints: [...catalogEndpoints, ...productEndpoints],
  policies: { stock },
  errorBody,
});
