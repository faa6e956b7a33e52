import { defineService } from '@mosaic/kit/service';
import { storeEndpoints } from './endpoints.ts';
import { orders } from './policies.ts';
import { migrations, type StoreTables } from './store.ts';

/** The fish store (the seed's `fishstore`): receives paid orders and prepares them. */
export const storeService = defineService<StoreTables>({
  name: 'store',
  system: 'fishdelivery',
  migrations,
  endpoints: storeEndpoints,
  policies: { orders },
});
