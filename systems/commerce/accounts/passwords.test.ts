import { hashPassword } from '@mosaic/kit/auth';
import { openPGlite } from '@mosaic/kit/store';
import { describe, expect, it } from 'vitest';
import { checkCredentials } from './passwords.ts';
import { refreshTokensMigration, sessionsOf } from './sessions.ts';
import { refreshCookieOf } from './tokens.ts';

describe('refresh sessions', () => {
  it('spends a token once when two restores race with it, and revoking ends the session', async () => {
    const engine = await openPGlite();
    const { db } = await engine.forService('sessions');
    await refreshTokensMigration.up(db);
    const sessions = sessionsOf({ db });
    const opened = await sessions.open(7, 3600);
    const [a, b] = await Promise.all([sessions.rotate(opened.token), sessions.rotate(opened.token)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const next = await sessions.open(7, 3600);
    await sessions.revoke(next.token);
    expect(await sessions.rotate(next.token)).toBeUndefined();
    await engine.close();
  });
});

describe('credentials', () => {
  it('gives one refusal for a wrong password and for an unregistered account', async () => {
    const password = await hashPassword('Passw0rd!');
    await expect(checkCredentials({ id: 1, password, status: 'REGISTERED' }, 'Passw0rd!')).resolves.toMatchObject({
      id: 1,
    });
    await expect(checkCredentials({ id: 1, password, status: 'REGISTERED' }, 'nope')).rejects.toThrow('일치하는');
    await expect(checkCredentials({ id: 1, password, status: 'UNREGISTERED' }, 'Passw0rd!')).rejects.toThrow(
      '일치하는',
    );
    await expect(checkCredentials(undefined, 'Passw0rd!')).rejects.toThrow('일치하는');
  });

  it('reads the refresh cookie among others, and nothing from an empty one', () => {
    expect(refreshCookieOf({ cookie: 'a=1; refreshToken=abc; b=2' })).toBe('abc');
    expect(refreshCookieOf({ cookie: 'refreshToken=' })).toBeUndefined();
    expect(refreshCookieOf({})).toBeUndefined();
  });
});
