import { defineService } from '@mosaic/kit/service';
import { paymentRoutes } from './http.ts';
import { paymentPolicies } from './policies.ts';
import { migrations, type PaymentTables } from './store.ts';

export const paymentService = defineService<PaymentTables>({
  name: 'payment',
  system: 'fishdelivery',
  migrations,
  routes: paymentRoutes,
  policies: (ctx) => paymentPolicies(ctx.clock),
});
