import { defineService } from '@mosaic/kit/service';
import { PAYMENT_BREAKER, PAYMENT_TIMEOUT_MS } from './clients.ts';
import { failStalePending } from './commands.ts';
import { orderRoutes } from './http.ts';
import { orderPolicies } from './policies.ts';
import { migrations, type OrderTables } from './store.ts';
import { MY_PAGE_GROUP, myPages } from './views.ts';

/** How long an order may stay PENDING before the sweeper decides its payment request died. */
const STALE_PENDING_MS = 60_000;

export const orderService = defineService<OrderTables, 'payment'>({
  name: 'order',
  system: 'fishdelivery',
  migrations,
  // No retries: the customer is waiting, and 600 ms is the whole budget (the seed's Hystrix timeout).
  clients: { payment: { timeoutMs: PAYMENT_TIMEOUT_MS, breaker: PAYMENT_BREAKER, retry: { attempts: 0 } } },
  routes: orderRoutes,
  policies: (ctx) => orderPolicies(ctx.clock),
  views: { myPages: { group: MY_PAGE_GROUP, clear: (tx) => myPages(tx.db).clear() } },
  background(ctx) {
    const sweep = failStalePending(ctx);
    const run = () =>
      sweep(STALE_PENDING_MS).catch((error) => ctx.logger.error({ err: error }, 'stale order sweep failed'));
    void run();
    const timer = setInterval(run, 15_000);
    return async () => clearInterval(timer);
  },
});
