import { afterAll, describe } from 'vitest';
import { connectTestRedis } from '../cache/test-redis.ts';
import { openPGlite } from '../store/database.ts';
import { revocationsContract } from './contract.ts';
import { createRedisRevocations } from './redis-revocations.ts';
import { createMemoryRevocations } from './revocations.ts';
import { createStoredRevocations } from './stored-revocations.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis revocations tests: ${engine.skipReason}`);

describe('memory revocations', () => {
  revocationsContract(() => createMemoryRevocations());
});

describe('stored revocations (PGlite)', () => {
  // One PGlite for the file (opening one takes seconds), a schema of its own for each adapter.
  const pglite = openPGlite();
  afterAll(async () => (await pglite).close());
  let adapters = 0;
  revocationsContract(async () => createStoredRevocations(await (await pglite).forService(`revoked_${++adapters}`)));
});

describe.skipIf(!engine.redis)('redis revocations', () => {
  let run = 0;
  revocationsContract(() => createRedisRevocations(engine.redis!, { prefix: engine.prefix(`revoked${run++}`) }));
});
