import { afterAll, beforeAll } from 'vitest';
import { migrations as delivery } from '../../../../../systems/fishdelivery/delivery/store.ts';
import { migrations as order } from '../../../../../systems/fishdelivery/order/store.ts';
import { migrations as payment } from '../../../../../systems/fishdelivery/payment/store.ts';
import { migrations as store } from '../../../../../systems/fishdelivery/store/store.ts';
import { storeContract } from '../../testing/conformance/store.ts';
import type { DatabaseEngine } from '../database.ts';
import { openPGlite } from './pglite.ts';

// Opening PGlite takes about a second: one for the file, and a schema prefix of its own per test.
let pglite: DatabaseEngine;
let runs = 0;
beforeAll(async () => {
  pglite = await openPGlite();
});
afterAll(async () => {
  await pglite.close();
});

storeContract(
  'PGlite',
  async () => {
    const prefix = `run${++runs}_`;
    const engine: DatabaseEngine = {
      dialect: pglite.dialect,
      forService: (service) => pglite.forService(`${prefix}${service}`),
      close: async () => undefined,
    };
    return { engine, close: async () => undefined };
  },
  { serviceMigrations: { order, payment, store, delivery } },
);
