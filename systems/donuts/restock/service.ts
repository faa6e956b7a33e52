import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/errors.ts';
import { restockEndpoints } from './endpoints.ts';
import { ledger } from './policies.ts';
import { migrations, type RestockTables } from './store.ts';
import { FACTORY_BREAKER, FACTORY_TIMEOUT_MS, restockSettings, restockWorker } from './worker.ts';

/**
 * restock: the seed's `stock_lambda`. Works the `restock` queue (the seed's `stock_queue` with its
 * `dead_letter_queue`): each message becomes one order at the legacy factory, through the kit's client with
 * its timeout; operators see the queue at /admin/queues and redrive its dead letters.
 */
export const restockService = defineService<RestockTables, 'factory', typeof restockSettings, 'restock'>({
  name: 'restock',
  system: 'donuts',
  migrations,
  settings: restockSettings,
  endpoints: restockEndpoints,
  policies: { ledger },
  queues: { restock: restockWorker },
  // No retry on another instance after the factory got the request: it has no idempotency of its own.
  clients: { factory: { timeoutMs: FACTORY_TIMEOUT_MS, retry: { attempts: 0 }, breaker: FACTORY_BREAKER } },
  errorBody,
});
