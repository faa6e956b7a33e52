import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configCipherFromEnv, createConfigCipher, parseConfigKey } from './cipher.ts';

describe('the settings cipher', () => {
  const key = randomBytes(32);

  it('takes MOSAIC_CONFIG_KEY as 64 hex digits or base64 of 32 bytes, and refuses any other length', () => {
    expect(parseConfigKey(key.toString('hex'))).toEqual(key);
    expect(parseConfigKey(key.toString('base64'))).toEqual(key);
    expect(parseConfigKey(key.toString('base64url'))).toEqual(key);
    expect(() => parseConfigKey(randomBytes(16).toString('hex'))).toThrow(/must be 32 bytes, .*got 16 bytes/);
    expect(() => parseConfigKey(randomBytes(33).toString('base64'))).toThrow(/got 33 bytes/);
    expect(() => parseConfigKey('not a key!')).toThrow(/got neither/);
    expect(() => configCipherFromEnv({ MOSAIC_CONFIG_KEY: 'abcd' })).toThrow(/MOSAIC_CONFIG_KEY must be 32 bytes/);
  });

  it('seals each value with its own IV, bound to its setting', () => {
    const cipher = createConfigCipher(key);
    const one = cipher.seal('s/a/limit', '5');
    const two = cipher.seal('s/a/limit', '5');
    expect(one).not.toBe(two);
    expect(cipher.open('s/a/limit', one)).toBe('5');
    // Copied onto another setting, or tampered with, it no longer opens.
    expect(() => cipher.open('s/a/other', one)).toThrow(/does not decrypt/);
    const tampered = `${one.slice(0, -4)}${one.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => cipher.open('s/a/limit', tampered)).toThrow(/does not decrypt/);
    expect(() => createConfigCipher(undefined).open('s/a/limit', one)).toThrow(/MOSAIC_CONFIG_KEY is not set/);
  });

  it('keeps values plain without a key, saying so once', () => {
    const lines: string[] = [];
    const cipher = configCipherFromEnv({}, pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }));
    expect(cipher.encrypts).toBe(false);
    expect(cipher.open('s/a/limit', cipher.seal('s/a/limit', '5'))).toBe('5');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('stored unencrypted');
  });
});
