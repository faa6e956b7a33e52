import { defineService } from '@mosaic/kit/service';
import { paymentEndpoints } from './endpoints.ts';
import { orderCanceled } from './policies.ts';
import { migrations, type PaymentTables } from './store.ts';

/** Payment: charged synchronously by order; a canceled order's payment is canceled. */
export const paymentService = defineService<PaymentTables>({
  name: 'payment',
  system: 'fishdelivery',
  // The seed kept payments on MariaDB and everything else elsewhere: distributed mode keeps that split.
  storage: 'mysql',
  migrations,
  endpoints: paymentEndpoints,
  policies: { orderCanceled },
});
