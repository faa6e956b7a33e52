import { Readable } from 'node:stream';
import type { GatewayAnswer } from '../pipeline.ts';

/** Headers that describe the body itself; anything about the exchange (cookies, dates) is not replayed. */
const KEPT = ['content-type', 'content-encoding', 'content-language', 'etag', 'last-modified'];

interface Stored {
  s: number;
  h: Record<string, string | string[]>;
  b: string;
}

export function encodeCached(answer: GatewayAnswer): string {
  const headers: Record<string, string | string[]> = {};
  for (const name of KEPT) {
    const value = answer.headers?.[name];
    if (value !== undefined) headers[name] = value;
  }
  const given = answer.body;
  // checkTable refuses a cache on a stream route, and `cacheable` says no to a stream: only a bug gets here.
  if (given instanceof Readable) throw new Error('a streamed answer cannot be cached');
  const body = given === undefined ? '' : Buffer.from(given).toString('base64');
  return JSON.stringify({ s: answer.status, h: headers, b: body } satisfies Stored);
}

/** undefined when the entry is not one we wrote (another version, a corrupted value): a miss, not a failure. */
export function decodeCached(text: string): GatewayAnswer | undefined {
  try {
    const stored = JSON.parse(text) as Partial<Stored>;
    if (typeof stored.s !== 'number' || typeof stored.b !== 'string' || typeof stored.h !== 'object' || !stored.h) {
      return undefined;
    }
    return { status: stored.s, headers: { ...stored.h }, body: Buffer.from(stored.b, 'base64') };
  } catch {
    return undefined;
  }
}

/**
 * Only a plain 200 is worth replaying. Never one that sets a cookie or says no-store; a `private` one only into
 * a private entry.
 */
export function cacheable(answer: GatewayAnswer, privateEntry: boolean): boolean {
  if (answer.status !== 200 || answer.headers?.['set-cookie'] !== undefined) return false;
  if (answer.body instanceof Readable) return false;
  const control = answer.headers?.['cache-control'];
  const text = (Array.isArray(control) ? control.join(',') : (control ?? '')).toLowerCase();
  if (text.includes('no-store')) return false;
  return privateEntry || !text.includes('private');
}
