import { describe, expect, it } from 'vitest';
import { openPGlite } from '../../store/index.ts';
import { refreshSessionsMigration, refreshSessionsOf } from './refresh-sessions.ts';

describe('refresh sessions', () => {
  it('spends a token once when two restores race with it, and revoking ends the session', async () => {
    const engine = await openPGlite();
    const { db } = await engine.forService('sessions');
    await refreshSessionsMigration.up(db);
    const sessions = refreshSessionsOf({ db });
    const opened = await sessions.open(7, 3600);
    const [a, b] = await Promise.all([sessions.rotate(opened.token), sessions.rotate(opened.token)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const next = await sessions.open(7, 3600);
    await sessions.revoke(next.token);
    expect(await sessions.rotate(next.token)).toBeUndefined();
    await engine.close();
  });

  it('ends the whole session when a rotated token is shown again (it was copied)', async () => {
    const engine = await openPGlite();
    const { db } = await engine.forService('sessions');
    await refreshSessionsMigration.up(db);
    const sessions = refreshSessionsOf({ db });
    const first = await sessions.open(7, 3600);
    const second = await sessions.rotate(first.token);
    expect(second?.accountId).toBe(7);
    expect(await sessions.rotate(first.token)).toBeUndefined();
    // The thief's replay revoked the family: the legitimate holder's newer token is dead too.
    expect(await sessions.rotate(second?.token ?? '')).toBeUndefined();
    await engine.close();
  });
});
