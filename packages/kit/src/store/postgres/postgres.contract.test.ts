import { migrations as delivery } from '../../../../../systems/fishdelivery/delivery/store.ts';
import { migrations as order } from '../../../../../systems/fishdelivery/order/store.ts';
import { migrations as payment } from '../../../../../systems/fishdelivery/payment/store.ts';
import { migrations as store } from '../../../../../systems/fishdelivery/store/store.ts';
import { storeContract } from '../../testing/conformance/store.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../../testing/engines.ts';
import type { DatabaseEngine } from '../database.ts';
import { dropPostgresDatabases, openPostgres } from './postgres.ts';

await describeWithEngines('postgres', 'PostgreSQL store', () => {
  storeContract(
    'PostgreSQL',
    async () => {
      // A prefix of its own per test: parallel and repeated runs never meet, and cleanup drops exactly these.
      const url = engineUrls().postgres;
      const prefix = `${uniqueName('mosaic_t')}_`;
      const engines: DatabaseEngine[] = [await openPostgres({ url, prefix, pool: 4 })];
      return {
        engine: engines[0]!,
        async another() {
          const engine = await openPostgres({ url, prefix, pool: 4 });
          engines.push(engine);
          return engine;
        },
        async close() {
          for (const engine of engines) await engine.close();
          await dropPostgresDatabases({ url, prefix });
        },
      };
    },
    { serviceMigrations: { order, payment, store, delivery } },
  );
});
