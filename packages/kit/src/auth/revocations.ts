/**
 * Port: revoked tokens (logout), remembered until the token would have expired anyway. Adapters: memory/ (tests,
 * a gateway on its own), stored/ (a table of the system's database: the embedded runtime), redis/ (distributed).
 */
export interface Revocations {
  /** `tokenId` is the token's `jti`; a time already past is a no-op (the token is dead anyway). */
  revoke(tokenId: string, untilEpochMs: number): Promise<void>;
  /** An in-process adapter answers synchronously: the gateway asks on every request and awaits only a promise. */
  isRevoked(tokenId: string): boolean | Promise<boolean>;
  close(): Promise<void>;
}
