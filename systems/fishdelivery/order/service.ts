import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { orderSaga } from '../sagas.ts';
import { PAYMENT_BREAKER, PAYMENT_TIMEOUT_MS } from './clients.ts';
import { failUnpaid, type OrderContext } from './commands.ts';
import { orderEndpoints } from './endpoints.ts';
import { deliveryCompleted, myPage } from './policies.ts';
import { migrations, type OrderTables } from './store.ts';
import { MY_PAGE_GROUP, myPages } from './views.ts';

/** Orders (paid synchronously) and the customer's MyPage, built from the saga's events. */
export const orderService = defineService<OrderTables, 'payment'>({
  name: 'order',
  system: 'fishdelivery',
  migrations,
  endpoints: orderEndpoints,
  policies: { myPage, deliveryCompleted },
  views: { myPages: { group: MY_PAGE_GROUP, clear: (tx) => myPages(tx.db).clear() } },
  // No retries: the customer is waiting, and 600 ms is the whole budget (the seed's Hystrix timeout).
  clients: { payment: { timeoutMs: PAYMENT_TIMEOUT_MS, breaker: PAYMENT_BREAKER, retry: { attempts: 0 } } },
  // The order starts the saga and keeps its record; a payment step that times out fails the order.
  sagas: [keeps<OrderContext>(orderSaga, { timedOut: (ctx, orderId) => failUnpaid(ctx)(Number(orderId)) })],
});
