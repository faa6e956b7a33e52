import type { Revocations } from '../revocations.ts';

/** Revocations in this process only, swept of expired entries once a minute; gone with the process. */
export function createMemoryRevocations(now: () => number = Date.now): Revocations {
  const revoked = new Map<string, number>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [id, until] of revoked) if (until <= t) revoked.delete(id);
  }, 60_000);
  sweep.unref();
  return {
    async revoke(tokenId, untilEpochMs) {
      if (untilEpochMs > now()) revoked.set(tokenId, Math.max(untilEpochMs, revoked.get(tokenId) ?? 0));
    },
    isRevoked(tokenId) {
      const until = revoked.get(tokenId);
      if (until === undefined) return false;
      if (until <= now()) {
        revoked.delete(tokenId);
        return false;
      }
      return true;
    },
    async close() {
      clearInterval(sweep);
      revoked.clear();
    },
  };
}
