import { afterAll, beforeAll } from 'vitest';
import type { DatabaseEngine } from '../../store/database.ts';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { busContract } from '../../testing/conformance/bus.ts';
import type { Bus } from '../bus.ts';
import { createEmbeddedBus } from './embedded-bus.ts';

// Opening PGlite takes about a second: one for the file, and a fresh bus schema per test.
let engine: DatabaseEngine;
let schemas = 0;
beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(async () => {
  await engine.close();
});

busContract('embedded (PGlite)', async () => {
  const database = await engine.forService(`bus_contract_${++schemas}`);
  const opened: Bus[] = [await createEmbeddedBus(database)];
  return {
    bus: opened[0]!,
    async reopen() {
      const bus = await createEmbeddedBus(database);
      opened.push(bus);
      return bus;
    },
    async close() {
      for (const bus of opened) await bus.close();
    },
  };
});
