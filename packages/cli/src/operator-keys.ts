import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretFromFile, systemKeys, systemKeysFromNats } from '@mosaic/kit/auth';
import { connectNats } from '@mosaic/kit/messaging';
import { readDistributedConfig, systemSecretPath } from '@mosaic/kit/runtime';
import { Refusal } from './refusal.ts';

/** Issues operator tokens for the systems of one runtime, from the key they are verified with. */
export interface OperatorKeys {
  /** A token for the system's operator routes, valid `ttlSec` (the kit's default when absent). */
  issue(system: string, ttlSec?: number): Promise<string>;
  /** Whether the system has a key yet (embedded: it has been started on this data dir). */
  has(system: string): boolean;
  close(): Promise<void>;
}

/**
 * The embedded runtime's keys: the file each system's first start writes beside its data. A system never
 * started here has none, and none is made: a token for a key no process reads would open nothing, and a
 * mistyped --data would otherwise leave a stray key behind.
 */
export function embeddedOperatorKeys(dataDir: string): OperatorKeys {
  const dir = resolve(dataDir);
  return {
    has: (system) => existsSync(systemSecretPath(dir, system)),
    async issue(system, ttlSec) {
      const path = systemSecretPath(dir, system);
      if (!existsSync(path)) {
        throw new Refusal(
          `${system} has never been started on ${dir} (there is no ${path}, which its first start writes): ` +
            `start it there (npm start -- ${system}), or name its data directory with --data DIR`,
        );
      }
      let secret: Buffer;
      try {
        secret = secretFromFile(path);
      } catch (error) {
        const why = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
        throw new Refusal(
          `cannot read ${system}'s key ${path} (${why}): run this as the user that runs Mosaic, ` +
            'or set MOSAIC_OPERATOR_TOKEN to a token that user issued',
        );
      }
      return systemKeys(system, secret).operators.issue(ttlSec);
    },
    async close() {},
  };
}

/**
 * The distributed runtime's keys, in NATS KV (MOSAIC_NATS_URL, MOSAIC_NAMESPACE as for `mosaic up
 * --distributed`). A system's key is made by whichever of its processes, or of these commands, asks first:
 * every process of the system reads the same one.
 */
export async function distributedOperatorKeys(): Promise<OperatorKeys> {
  const config = readDistributedConfig();
  const nats = await connectNats({ servers: config.urls.nats, name: 'mosaic operator-token' });
  return {
    has: () => true,
    async issue(system, ttlSec) {
      return (await systemKeysFromNats(nats, config.namespace, system)).operators.issue(ttlSec);
    },
    close: () => nats.close(),
  };
}
