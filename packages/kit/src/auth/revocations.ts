/** Port: revoked tokens (logout), remembered until the token would have expired anyway. */
export interface Revocations {
  revoke(tokenId: string, untilEpochMs: number): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryRevocations(now: () => number = Date.now): Revocations {
  const revoked = new Map<string, number>();
  return {
    async revoke(tokenId, untilEpochMs) {
      if (untilEpochMs > now()) revoked.set(tokenId, untilEpochMs);
    },
    async isRevoked(tokenId) {
      const until = revoked.get(tokenId);
      if (until === undefined) return false;
      if (until <= now()) {
        revoked.delete(tokenId);
        return false;
      }
      return true;
    },
    async close() {
      revoked.clear();
    },
  };
}
