import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createOperatorTokens, type OperatorTokens } from './operator-token.ts';
import { createVouches, type Vouches } from './vouch.ts';

/** A system's secret, 32 random bytes: the root of what its gateway vouches and what its operators carry. */
export type SystemSecret = Buffer;

export interface SystemKeys {
  /** Identities the gateway (or a service on a caller's behalf) vouches for, checked by every service. */
  readonly vouches: Vouches;
  /** Tokens that open the operator routes (`/admin/*`), as `mosaic operator-token` issues them. */
  readonly operators: OperatorTokens;
}

/**
 * One key per use, derived from the system's secret (HKDF), so a vouch can never pass as an operator token
 * or the other way round.
 */
export function systemKeys(system: string, secret: SystemSecret): SystemKeys {
  const derive = (use: string) => Buffer.from(hkdfSync('sha256', secret, system, `mosaic ${use}`, 32));
  return { vouches: createVouches(derive('vouch')), operators: createOperatorTokens(system, derive('operator')) };
}

export function newSystemSecret(): SystemSecret {
  return randomBytes(32);
}

/**
 * The embedded runtime keeps a system's secret in a file beside its data (readable by its owner only), so
 * operator tokens outlive a restart and `mosaic operator-token` can issue them without the running process.
 */
export function secretFromFile(path: string): SystemSecret {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const secret = Buffer.from(text, 'base64url');
    if (secret.length === 32) return secret;
    throw new Error(`${path} does not hold a system secret (32 bytes, base64url); remove it to make a new one`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  const secret = newSystemSecret();
  mkdirSync(dirname(path), { recursive: true });
  // 'wx': two processes creating it at once cannot both win; the loser reads the winner's.
  try {
    writeFileSync(path, `${secret.toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return secretFromFile(path);
    throw error;
  }
  return secret;
}

/** A short fingerprint of a secret, for logs: says whether two processes share one without showing it. */
export function fingerprint(secret: SystemSecret): string {
  return createHmac('sha256', secret).update('fingerprint').digest('base64url').slice(0, 8);
}
