import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/envelope.ts';
import { stockSaga } from '../sagas.ts';
import { USER_BREAKER, USER_TIMEOUT_MS } from './address.ts';
import type { OrderContext } from './commands.ts';
import { orderEndpoints } from './endpoints.ts';
import { closeNoticeFeed } from './notice-feed.ts';
import { addresses, catalog, reviewed, stock } from './policies.ts';
import { migrations, type OrderTables } from './store.ts';

/** Orders and their lines; starts the stock saga and keeps its record (`/admin/sagas/stock/<order>`). */
export const orderService = defineService<OrderTables, 'user'>({
  name: 'order',
  system: 'commerce',
  migrations,
  endpoints: orderEndpoints,
  policies: { stock, catalog, addresses, reviewed },
  sagas: [keeps<OrderContext>(stockSaga)],
  // An address order has not heard of yet is asked of user (order/address.ts).
  clients: { user: { timeoutMs: USER_TIMEOUT_MS, breaker: USER_BREAKER, retry: { attempts: 1 } } },
  errorBody,
  stopped: async (ctx) => closeNoticeFeed(ctx),
});
