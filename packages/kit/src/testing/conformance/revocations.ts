// Test support (not exported): the one behaviour every Revocations adapter must show.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Revocations } from '../../auth/revocations.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function revocationsContract(make: () => Promise<Revocations> | Revocations): void {
  let revocations: Revocations;
  beforeEach(async () => {
    revocations = await make();
    // An adapter that loads its state at open is measured from when it is ready, not from its first query.
    await revocations.isRevoked('warm-up');
  });
  afterEach(async () => {
    await revocations.close();
  });

  it('knows a revoked token id, and only that one', async () => {
    expect(await revocations.isRevoked('jti-1')).toBe(false);
    await revocations.revoke('jti-1', Date.now() + 10_000);
    expect(await revocations.isRevoked('jti-1')).toBe(true);
    expect(await revocations.isRevoked('jti-2')).toBe(false);
  });

  it('forgets a revocation once the token would have expired anyway', async () => {
    // Wide enough for a database write on a busy machine, short enough for a unit test.
    await revocations.revoke('jti-short', Date.now() + 400);
    expect(await revocations.isRevoked('jti-short')).toBe(true);
    await pause(800);
    expect(await revocations.isRevoked('jti-short')).toBe(false);
  });

  it('ignores a revocation whose expiry has already passed', async () => {
    await revocations.revoke('jti-dead', Date.now() - 1_000);
    expect(await revocations.isRevoked('jti-dead')).toBe(false);
  });
}
