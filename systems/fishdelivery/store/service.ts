import { defineService } from '@mosaic/kit/service';
import { storeRoutes } from './http.ts';
import { storePolicies } from './policies.ts';
import { migrations, type StoreTables } from './store.ts';

/** The fish store (the seed's `fishstore`): receives paid orders and prepares them. */
export const storeService = defineService<StoreTables>({
  name: 'store',
  system: 'fishdelivery',
  migrations,
  routes: storeRoutes,
  policies: (ctx) => storePolicies(ctx.clock),
});
