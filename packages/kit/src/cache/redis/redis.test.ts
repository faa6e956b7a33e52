import { afterAll, describe } from 'vitest';
import { cacheContract } from '../../testing/conformance/cache.ts';
import { connectTestRedis } from '../../testing/support/redis.ts';
import { createRedisCache } from './redis.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis cache tests: ${engine.skipReason}`);

describe.skipIf(!engine.redis)('redis cache', () => {
  let run = 0;
  cacheContract(() => createRedisCache(engine.redis!, { prefix: engine.prefix(`cache${run++}`) }));
});
