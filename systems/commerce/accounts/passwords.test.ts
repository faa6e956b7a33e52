import { hashPassword } from '@mosaic/kit/auth';
import { describe, expect, it } from 'vitest';
import { checkCredentials } from './passwords.ts';
import { refreshCookieOf } from './tokens.ts';

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
