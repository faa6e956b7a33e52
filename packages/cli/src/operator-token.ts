import { resolve } from 'node:path';
import { distributedOperatorKeys, embeddedOperatorKeys } from './operator-keys.ts';
import { Refusal } from './refusal.ts';
import { systemNames } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

export interface OperatorTokenOptions {
  systems: readonly string[];
  dataDir: string;
  distributed: boolean;
  /** Seconds, as typed after --ttl; the kit's default (12 h) when absent. */
  ttl: string | undefined;
}

/**
 * `mosaic operator-token [system…]`: a token for each system's operator routes (`/admin/*` on every
 * service), signed with the system's key. One system named: the token alone, for `$(…)`; otherwise one
 * `<system> <token>` line each. Embedded, with no system named: the systems started on the data dir.
 */
export async function operatorToken(options: OperatorTokenOptions): Promise<void> {
  const ttlSec = options.ttl === undefined ? undefined : positiveSeconds(options.ttl);
  // Names only: no system's code is loaded to sign a token.
  const named = systemNames(options.systems);
  const keys = options.distributed ? await distributedOperatorKeys() : embeddedOperatorKeys(options.dataDir);
  try {
    const systems = options.systems.length > 0 ? named : named.filter((s) => keys.has(s));
    if (systems.length === 0) {
      throw new Refusal(
        `no system has been started on ${resolve(options.dataDir)}, so none has a key yet: start one there (npm start), ` +
          'or name its data directory with --data DIR',
      );
    }
    const tokens = await Promise.all(systems.map((system) => keys.issue(system, ttlSec)));
    if (options.systems.length === 1) console.log(tokens[0]);
    else for (const [i, system] of systems.entries()) console.log(`${system} ${tokens[i]}`);
  } finally {
    await keys.close();
  }
}

function positiveSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new UsageError(`--ttl ${text}: give the token's lifetime in whole seconds, e.g. --ttl 3600`);
  }
  return seconds;
}
