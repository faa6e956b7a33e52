import { afterAll, describe } from 'vitest';
import { connectTestRedis } from '../cache/test-redis.ts';
import { revocationsContract } from './contract.ts';
import { createRedisRevocations } from './redis-revocations.ts';
import { createMemoryRevocations } from './revocations.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis revocations tests: ${engine.skipReason}`);

describe('memory revocations', () => {
  revocationsContract(() => createMemoryRevocations());
});

describe.skipIf(!engine.redis)('redis revocations', () => {
  let run = 0;
  revocationsContract(() => createRedisRevocations(engine.redis!, { prefix: engine.prefix(`revoked${run++}`) }));
});
