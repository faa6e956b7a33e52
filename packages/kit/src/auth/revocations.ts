/** Port: revoked tokens (logout), remembered until the token would have expired anyway. */
export interface Revocations {
  /** `tokenId` is the token's `jti`; a time already past is a no-op (the token is dead anyway). */
  revoke(tokenId: string, untilEpochMs: number): Promise<void>;
  /** An in-process adapter answers synchronously: the gateway asks on every request and awaits only a promise. */
  isRevoked(tokenId: string): boolean | Promise<boolean>;
  close(): Promise<void>;
}

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
