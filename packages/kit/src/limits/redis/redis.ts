import type { Redis } from 'ioredis';
import type { Limiter, LimitVerdict } from '../limiter.ts';

/**
 * Both keys of one limit share a `{hash tag}`, so the script touches one slot and also runs on Redis Cluster.
 * Window counters expire with their window; blocks expire with the block: nothing is ever swept by hand.
 */
/** Returns {verdict, ms, count}: verdict 0 allowed, 1 limited, 2 blocked. */
const LIMIT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {2, blocked, 0} end
local max = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local blockMs = tonumber(ARGV[3])
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], windowMs) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], windowMs); ttl = windowMs end
if count <= max then return {0, ttl, count} end
if blockMs > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', blockMs)
  return {1, blockMs, count}
end
return {1, ttl, count}
`;

type Scripted = Redis & {
  mosaicLimit(
    window: string,
    block: string,
    max: number,
    windowMs: number,
    blockMs: number,
  ): Promise<[number, number, number]>;
};

/**
 * The distributed limiter: every gateway replica counts in the same Redis, each rule one atomic Lua call.
 * Fixed windows, as in the memory adapter. The connection is the caller's; `close` does not quit it.
 */
export function createRedisLimiter(redis: Redis, options: { prefix: string }): Limiter {
  const scripted = redis as Scripted;
  // defineCommand is idempotent per name; the script is loaded once (EVALSHA, falling back to EVAL).
  redis.defineCommand('mosaicLimit', { numberOfKeys: 2, lua: LIMIT });
  const windowKey = (key: string) => `${options.prefix}{${key}}:window`;
  const blockKey = (key: string) => `${options.prefix}{${key}}:block`;

  return {
    async limit(key, rule): Promise<LimitVerdict> {
      const [verdict, ms, count] = await scripted.mosaicLimit(
        windowKey(key),
        blockKey(key),
        rule.max,
        wholeMs(rule.windowMs),
        rule.blockMs > 0 ? wholeMs(rule.blockMs) : 0,
      );
      if (verdict === 0) return { kind: 'allowed', count };
      return { kind: verdict === 1 ? 'limited' : 'blocked', retryAfterMs: ms };
    },
    async close() {},
  };
}

function wholeMs(ms: number): number {
  return Math.max(1, Math.round(ms));
}
