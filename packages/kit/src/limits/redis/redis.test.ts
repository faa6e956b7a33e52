import { afterAll, describe } from 'vitest';
import { limiterContract } from '../../testing/conformance/limiter.ts';
import { connectTestRedis } from '../../testing/support/redis.ts';
import { createRedisLimiter } from './redis.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis limiter tests: ${engine.skipReason}`);

describe.skipIf(!engine.redis)('redis limiter', () => {
  let run = 0;
  limiterContract(() => createRedisLimiter(engine.redis!, { prefix: engine.prefix(`limits${run++}`) }));
});
