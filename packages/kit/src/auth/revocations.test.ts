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
  revocationsContract(async () => {
    const pglite = await openPGlite();
    const revocations = createStoredRevocations(await pglite.forService('mosaic_gateway'));
    return {
      ...revocations,
      async close() {
        await revocations.close();
        await pglite.close();
      },
    };
  });
});

describe.skipIf(!engine.redis)('redis revocations', () => {
  let run = 0;
  revocationsContract(() => createRedisRevocations(engine.redis!, { prefix: engine.prefix(`revoked${run++}`) }));
});
