import { defineService } from '@mosaic/kit/service';
import { paymentRoutes } from './http.ts';
import { paymentPolicies } from './policies.ts';
import { migrations, type PaymentTables } from './store.ts';

export const paymentService = defineService<PaymentTables>({
  name: 'payment',
  system: 'fishdelivery',
  // The seed kept payments on MariaDB and everything else elsewhere: distributed mode keeps that split.
  storage: 'mysql',
  migrations,
  routes: paymentRoutes,
  policies: (ctx) => paymentPolicies(ctx.clock),
});
