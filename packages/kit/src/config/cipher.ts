import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';

/**
 * How a setting's value is kept at rest: AES-256-GCM under MOSAIC_CONFIG_KEY, each value with its own random
 * IV and auth tag, bound to its `<system>/<service>/<key>` (the additional data), so a stored value cannot be
 * copied onto another setting. Without a key, values are kept plain: a development machine need not have one.
 */
export interface ConfigCipher {
  readonly encrypts: boolean;
  /** `where` is `<system>/<service>/<key>`; `json` the value as JSON. */
  seal(where: string, json: string): string;
  /** The JSON sealed for `where`; throws when it cannot be read (wrong key, tampered, no key). */
  open(where: string, sealed: string): string;
}

const ENCRYPTED = 'aes-256-gcm:';
const PLAIN = 'plain:';
const IV_BYTES = 12;

export const CONFIG_KEY_VARIABLE = 'MOSAIC_CONFIG_KEY';

/** MOSAIC_CONFIG_KEY as 32 bytes: 64 hex digits or base64 of 32 bytes. Anything else is refused, never padded. */
export function parseConfigKey(text: string): Buffer {
  const trimmed = text.trim();
  // Hex digits in an even number are read as hex: base64 of 32 bytes is 43 characters, or 44 with its `=`.
  const key = /^([0-9a-fA-F]{2})+$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new Error(
      `${CONFIG_KEY_VARIABLE} must be 32 bytes, as 64 hex digits or base64 (got ${key ? `${key.length} bytes` : 'neither'}); ` +
        'make one with: openssl rand -hex 32',
    );
  }
  return key;
}

/** The cipher for a key (or none: plain). */
export function createConfigCipher(key: Buffer | undefined): ConfigCipher {
  return {
    encrypts: key !== undefined,
    seal(where, json) {
      if (!key) return `${PLAIN}${json}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(where, 'utf8'));
      const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64'));
      return `${ENCRYPTED}${parts.join(':')}`;
    },
    open(where, sealed) {
      // A value set plain before the key was given stays readable, so adding a key never loses settings.
      if (sealed.startsWith(PLAIN)) return sealed.slice(PLAIN.length);
      if (!sealed.startsWith(ENCRYPTED)) throw new Error(`the value of ${where} is in no format Mosaic writes`);
      if (!key) throw new Error(`the value of ${where} is encrypted, but ${CONFIG_KEY_VARIABLE} is not set`);
      const [iv, tag, data] = sealed
        .slice(ENCRYPTED.length)
        .split(':')
        .map((part) => Buffer.from(part, 'base64'));
      if (!iv || !tag || !data) throw new Error(`the value of ${where} is cut short`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(where, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`the value of ${where} does not decrypt: it was set under another ${CONFIG_KEY_VARIABLE}`);
      }
    },
  };
}

/**
 * The cipher this process uses, from MOSAIC_CONFIG_KEY: a wrong key refuses to start (a typo would otherwise
 * write values nobody else can read); no key keeps values plain, said once in the log.
 */
export function configCipherFromEnv(env: NodeJS.ProcessEnv, logger?: Logger): ConfigCipher {
  const text = env[CONFIG_KEY_VARIABLE];
  if (text) return createConfigCipher(parseConfigKey(text));
  logger?.warn(`${CONFIG_KEY_VARIABLE} is not set: settings are stored unencrypted`);
  return createConfigCipher(undefined);
}
