import { afterAll, beforeAll } from 'vitest';
import type { DatabaseEngine } from '../../store/database.ts';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { queuesContract } from '../../testing/conformance/queues.ts';
import { createEmbeddedQueues } from './embedded-queues.ts';

// Opening PGlite takes about a second: one for the file, and a fresh queues schema per test.
let engine: DatabaseEngine;
let schemas = 0;
beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(async () => {
  await engine.close();
});

queuesContract('embedded (PGlite)', async () => {
  const queues = await createEmbeddedQueues(await engine.forService(`queues_contract_${++schemas}`), { pollMs: 25 });
  return { queues, close: () => queues.close() };
});
