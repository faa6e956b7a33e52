import { defineService } from '@mosaic/kit/service';
import { deliveryEndpoints } from './endpoints.ts';
import { deliveries } from './policies.ts';
import { type DeliveryTables, migrations } from './store.ts';

/** Delivery: starts when the store has prepared an order, completes when the rider hands it over. */
export const deliveryService = defineService<DeliveryTables>({
  name: 'delivery',
  system: 'fishdelivery',
  migrations,
  endpoints: deliveryEndpoints,
  policies: { deliveries },
});
