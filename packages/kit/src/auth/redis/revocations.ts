import type { Redis } from 'ioredis';
import type { Revocations } from '../revocations.ts';

/**
 * Revocations every gateway replica sees: one key per revoked `jti`, expiring when the token would have.
 * The connection is the caller's; `close` does not quit it.
 */
export function createRedisRevocations(redis: Redis, options: { prefix: string; now?: () => number }): Revocations {
  const now = options.now ?? Date.now;
  return {
    async revoke(tokenId, untilEpochMs) {
      const ttlMs = Math.ceil(untilEpochMs - now());
      if (ttlMs <= 0) return;
      await redis.set(options.prefix + tokenId, '1', 'PX', ttlMs);
    },
    async isRevoked(tokenId) {
      return (await redis.exists(options.prefix + tokenId)) === 1;
    },
    async close() {},
  };
}
