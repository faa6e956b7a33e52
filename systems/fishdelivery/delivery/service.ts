import { defineService } from '@mosaic/kit/service';
import { deliveryRoutes } from './http.ts';
import { deliveryPolicies } from './policies.ts';
import { type DeliveryTables, migrations } from './store.ts';

export const deliveryService = defineService<DeliveryTables>({
  name: 'delivery',
  system: 'fishdelivery',
  migrations,
  routes: deliveryRoutes,
  policies: (ctx) => deliveryPolicies(ctx.clock),
});
