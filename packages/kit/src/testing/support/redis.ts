// Test support (not exported): a connection to the Redis the engine tests use.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { engineMissingMessage, engineUrlsFrom } from '../../runtime/distributed-config.ts';
import { enginesRequired } from '../engines.ts';

const URL = engineUrlsFrom().redis;

export interface TestRedis {
  readonly redis: Redis | undefined;
  /** Why Redis tests are skipped; undefined when Redis answered. */
  readonly skipReason: string | undefined;
  /** A prefix no other test run uses, so runs can share one Redis. */
  prefix(what: string): string;
  /** Deletes this run's keys and quits. */
  close(): Promise<void>;
}

/**
 * Connects to Redis once per test file. When MOSAIC_ENGINES=required a missing Redis throws (the suite
 * fails, DESIGN §8); otherwise the caller skips with the reason given.
 */
export async function connectTestRedis(): Promise<TestRedis> {
  const run = `mosaic-test:${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  // ioredis reports a refused connection as an 'error' event as well; keep its message for the reason.
  let refused: string | undefined;
  redis.on('error', (error: Error) => {
    refused ??= error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    // The runtime's own words for a missing engine, and the one rule for when that fails a run.
    const reason = engineMissingMessage('redis', URL, refused ?? error);
    if (enginesRequired()) throw new Error(`${reason} (MOSAIC_ENGINES=required)`);
    return { redis: undefined, skipReason: reason, prefix: (what) => `${run}${what}:`, close: async () => {} };
  }
  return {
    redis,
    skipReason: undefined,
    prefix: (what) => `${run}${what}:`,
    async close() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
