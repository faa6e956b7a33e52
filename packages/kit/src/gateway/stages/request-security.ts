import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { Cache } from '../../cache/cache.ts';
import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * The DMS-SMS `Request-Security` filter, for clients built for it: the header is an AES-256-CBC ciphertext
 * (OpenSSL/CryptoJS "Salted__" format, as mervick/aes-everywhere writes it) of `<base>:<unix seconds>`.
 * Fixed against the seed: the timestamp must be fresh, and a value is one-time only until it would be stale
 * anyway (the seed kept every value forever, in one replica's memory, and honoured a reusable master key).
 */
export interface RequestSecurityOptions {
  passphrase: string;
  /** The plaintext before `:<timestamp>` (the seed's SECURITY_BASE_PLAIN). */
  base: string;
  /** How far the timestamp may be from now, either way; default 60 s. */
  maxAgeSec?: number;
  /** Header name; default `request-security`. */
  header?: string;
}

const HEADER = 'request-security';

/** Optional stage, after the per-IP limit: 407 (the seed's status, which its clients expect) when absent or bad. */
export function requestSecurity(
  options: RequestSecurityOptions | undefined,
  cache: Cache,
  system: string,
  problems: Problems,
  now: () => number = Date.now,
): GatewayStage {
  if (!options) return () => undefined;
  if (options.passphrase.length < 16) {
    throw new Error('security.requestSecurity.passphrase is shorter than 16 characters; use a long random one');
  }
  const header = (options.header ?? HEADER).toLowerCase();
  const maxAgeMs = (options.maxAgeSec ?? 60) * 1000;
  const expected = Buffer.from(`${options.base}:`);
  const refuse = (exchange: Parameters<GatewayStage>[0], detail: string) =>
    problems.answer(exchange, 407, 'request-security', detail);
  return async (exchange) => {
    const value = exchange.request.headers[header];
    if (typeof value !== 'string' || value === '') {
      return refuse(exchange, `send the request through the official client: the ${header} header is missing`);
    }
    const plain = decryptSalted(value, options.passphrase);
    const stamp = plain ? timestampAfter(plain, expected) : undefined;
    if (stamp === undefined) return refuse(exchange, `the ${header} header is not valid`);
    const age = Math.abs(now() - stamp * 1000);
    if (age > maxAgeMs) {
      return refuse(exchange, `the ${header} header is stale (${Math.round(age / 1000)} s off); check the clock`);
    }
    // Shared by every replica and kept only as long as the value could still pass the freshness check.
    const nonce = `${system}:request-security:${createHash('sha256').update(value).digest('base64url')}`;
    const fresh = await cache.add(nonce, '1', maxAgeMs * 2);
    if (!fresh) return refuse(exchange, `the ${header} value was already used; make a new one for each request`);
    return undefined;
  };
}

/** `<base>:<10 digits>` exactly, compared without leaking where a mismatch is. */
function timestampAfter(plain: Buffer, expected: Buffer): number | undefined {
  if (plain.length !== expected.length + 10) return undefined;
  if (!timingSafeEqual(plain.subarray(0, expected.length), expected)) return undefined;
  const digits = plain.subarray(expected.length).toString('latin1');
  return /^\d{10}$/.test(digits) ? Number(digits) : undefined;
}

/** Decrypts OpenSSL's salted format (EVP_BytesToKey with MD5, AES-256-CBC); undefined when it does not decrypt. */
export function decryptSalted(base64: string, passphrase: string): Buffer | undefined {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length < 32 || raw.subarray(0, 8).toString('latin1') !== 'Salted__') return undefined;
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase), raw.subarray(8, 16));
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

export function evpBytesToKey(passphrase: Buffer, salt: Buffer): { key: Buffer; iv: Buffer } {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (Buffer.concat(blocks).length < 48) {
    previous = createHash('md5')
      .update(Buffer.concat([previous, passphrase, salt]))
      .digest();
    blocks.push(previous);
  }
  const all = Buffer.concat(blocks);
  return { key: all.subarray(0, 32), iv: all.subarray(32, 48) };
}
