import { keeps } from '@mosaic/kit/sagas';
import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/errors.ts';
import { restockSaga } from '../sagas.ts';
import type { SalesContext } from './commands.ts';
import { salesEndpoints } from './endpoints.ts';
import { restockOverdue } from './overdue.ts';
import { production } from './policies.ts';
import { salesSettings } from './schemas.ts';
import { migrations, type SalesTables } from './store.ts';

/**
 * sales: the seed's Sales API on the warehouse. Sells without overselling, asks for one restock per shortage
 * (queued with the sale's own transaction), takes the factory's callback once, and keeps the restock saga.
 */
export const salesService = defineService<SalesTables, never, typeof salesSettings, 'restock'>({
  name: 'sales',
  system: 'donuts',
  migrations,
  settings: salesSettings,
  endpoints: salesEndpoints,
  policies: { production },
  sendsTo: ['restock'],
  sagas: [keeps<SalesContext>(restockSaga, { timedOut: restockOverdue })],
  errorBody,
});
