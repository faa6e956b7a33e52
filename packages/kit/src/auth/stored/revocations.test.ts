import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseEngine } from '../../store/database.ts';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { waitFor } from '../../testing/wait.ts';
import type { RevocationDb } from './revocation-tables.ts';
import { createStoredRevocations } from './revocations.ts';

describe('stored revocations', () => {
  let pglite: DatabaseEngine;
  let clock = 1_000_000;
  const now = () => clock;
  // One PGlite for the file (opening one takes seconds), a schema of its own for each test.
  let schema = '';
  let tests = 0;
  const open = async (options: { pruneEveryMs?: number } = {}) =>
    createStoredRevocations(await pglite.forService(schema), { now, ...options });
  const rows = async () => {
    const { db } = await pglite.forService(schema);
    const found = await (db as RevocationDb).selectFrom('revoked_token').selectAll().orderBy('token_id').execute();
    return found.map((row) => `${row.token_id}:${Number(row.until_ms)}`);
  };

  beforeAll(async () => {
    pglite = await openPGlite();
  });
  afterAll(() => pglite.close());
  beforeEach(() => {
    clock = 1_000_000;
    schema = `mosaic_gateway_${++tests}`;
  });

  it('still refuses a revoked token after the adapter is opened again on the same database', async () => {
    const before = await open();
    await before.revoke('jti-out', clock + 60_000);
    await before.close();

    const after = await open();
    expect(await after.isRevoked('jti-out')).toBe(true);
    expect(await after.isRevoked('jti-other')).toBe(false);
    await after.close();
  });

  it('answers from memory, without a promise, once the table is loaded', async () => {
    const revocations = await open();
    await revocations.revoke('jti-1', clock + 60_000);
    expect(revocations.isRevoked('jti-1')).toBe(true);
    expect(revocations.isRevoked('jti-2')).toBe(false);
    await revocations.close();
  });

  it('keeps the later expiry when a token is revoked twice', async () => {
    const revocations = await open();
    await revocations.revoke('jti-1', clock + 5_000);
    await revocations.revoke('jti-1', clock + 1_000);
    expect(await rows()).toEqual([`jti-1:${clock + 5_000}`]);
    await revocations.close();
  });

  it('deletes the rows of tokens that have expired anyway, at open and while running', async () => {
    const first = await open();
    await first.revoke('jti-soon', clock + 1_000);
    await first.revoke('jti-later', clock + 10_000);
    await first.revoke('jti-last', clock + 100_000);
    await first.close();

    clock += 2_000;
    const running = await open({ pruneEveryMs: 20 });
    expect(await running.isRevoked('jti-soon')).toBe(false);
    expect(await rows()).toEqual([`jti-last:${1_100_000}`, `jti-later:${1_010_000}`]);

    clock += 10_000;
    await waitFor(async () => (await rows()).length === 1, { what: 'the sweep to delete jti-later' });
    expect(await rows()).toEqual([`jti-last:${1_100_000}`]);
    expect(running.isRevoked('jti-later')).toBe(false);
    await running.close();
  });

  it('fails closed when its table cannot be read: every check rejects', async () => {
    const revocations = createStoredRevocations(Promise.reject(new Error('disk gone')));
    await expect(revocations.isRevoked('jti-1')).rejects.toThrow('disk gone');
    await expect(revocations.revoke('jti-1', Date.now() + 60_000)).rejects.toThrow('disk gone');
    await revocations.close();
  });
});
