import { afterAll, describe } from 'vitest';
import { revocationsContract } from '../../testing/conformance/revocations.ts';
import { connectTestRedis } from '../../testing/support/redis.ts';
import { createRedisRevocations } from './revocations.ts';

const engine = await connectTestRedis();
afterAll(() => engine.close());
if (engine.skipReason) console.warn(`skipping the Redis revocations tests: ${engine.skipReason}`);

describe.skipIf(!engine.redis)('redis revocations', () => {
  let run = 0;
  revocationsContract(() => createRedisRevocations(engine.redis!, { prefix: engine.prefix(`revoked${run++}`) }));
});
