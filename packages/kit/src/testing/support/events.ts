// Test support (not exported): events and waits for the messaging tests and suites.
import { uuidv7 } from 'uuidv7';
import type { Envelope } from '../../messaging/envelope.ts';

/** Test helper: an envelope with a fresh id. */
export function anEvent(type: string, subject: string, data: unknown = {}): Envelope {
  return {
    id: uuidv7(),
    type,
    source: 'test/messaging',
    subject,
    time: new Date().toISOString(),
    dataVersion: 1,
    data,
  };
}

/** Test helper: resolves once `check` holds, or fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
