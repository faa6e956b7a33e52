import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/envelope.ts';
import { stockSaga } from '../sagas.ts';
import type { OrderContext } from './commands.ts';
import { orderEndpoints } from './endpoints.ts';
import { catalog, stock } from './policies.ts';
import { migrations, type OrderTables } from './store.ts';

/** Orders and their lines; starts the stock saga and keeps its record (`/admin/sagas/stock/<order>`). */
export const orderService = defineService<OrderTables>({
  name: 'order',
  system: 'commerce',
  migrations,
  endpoints: orderEndpoints,
  policies: { stock, catalog },
  sagas: [keeps<OrderContext>(stockSaga)],
  errorBody,
});
