import { afterAll, describe } from 'vitest';
import { connectTestRedis } from '../cache/test-redis.ts';
import { limiterContract } from './contract.ts';
import { createRedisLimiter } from './redis.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis limiter tests: ${engine.skipReason}`);

describe.skipIf(!engine.redis)('redis limiter', () => {
  let run = 0;
  limiterContract(() => createRedisLimiter(engine.redis!, { prefix: engine.prefix(`limits${run++}`) }));
});
