import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Revocations } from '../auth/revocations.ts';
import { createStoredRevocations } from '../auth/stored/revocations.ts';
import { newSystemSecret, type SystemKeys, secretFromFile, systemKeys } from '../auth/system-key.ts';
import { createMemoryCache } from '../cache/index.ts';
import { type ConfigCipher, configCipherFromEnv } from '../config/cipher.ts';
import type { ConfigStore } from '../config/config.ts';
import { createFileConfigStore } from '../config/file/config-store.ts';
import { createMemoryConfigStore } from '../config/memory/config-store.ts';
import { createMemoryRegistry } from '../discovery/index.ts';
import { createMemoryLimiter } from '../limits/index.ts';
import type { Bus } from '../messaging/bus.ts';
import { createEmbeddedBus } from '../messaging/index.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createEmbeddedQueues } from '../queues/embedded/embedded-queues.ts';
import type { WorkQueues } from '../queues/queues.ts';
import type { DatabaseEngine } from '../store/database.ts';
import { openPGlite } from '../store/pglite/pglite.ts';
import type { Runtime } from './runtime.ts';

export interface EmbeddedOptions {
  /** Keep each system's PGlite under `<dataDir>/<system>`; omit to keep everything in memory. */
  dataDir?: string;
  logger?: Logger;
  host?: string;
}

/**
 * Everything in one process: one PGlite per system (a schema per service, plus `mosaic_bus` for the event
 * log, `mosaic_queues` for the work queues and `mosaic_gateway` for revoked tokens), an in-memory registry. Opened lazily, so a runtime that
 * starts one system opens one database.
 */
export function createEmbeddedRuntime(options: EmbeddedOptions = {}): Runtime {
  const engines = new Map<string, Promise<DatabaseEngine>>();
  const buses = new Map<string, Promise<Bus>>();
  const queues = new Map<string, Promise<WorkQueues>>();
  const revocations = new Map<string, Revocations>();
  const logger = options.logger ?? createLogger();
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;

  const engine = (system: string) => {
    let opened = engines.get(system);
    if (!opened) {
      const dir = dataDir ? join(dataDir, system) : undefined;
      if (dir) mkdirSync(dir, { recursive: true });
      opened = openPGlite(dir);
      engines.set(system, opened);
    }
    return opened;
  };

  const keys = new Map<string, SystemKeys>();
  const configs = new Map<string, ConfigStore>();
  let cipher: ConfigCipher | undefined;

  const cache = createMemoryCache();
  const limiter = createMemoryLimiter();
  return {
    kind: 'embedded',
    registry: createMemoryRegistry(),
    cache,
    limiter,
    revocations(system) {
      let stored = revocations.get(system);
      if (!stored) {
        stored = createStoredRevocations(
          engine(system).then((e) => e.forService('mosaic_gateway')),
          { logger: logger.child({ component: 'revocations', system }) },
        );
        revocations.set(system, stored);
      }
      return stored;
    },
    async systemKeys(system) {
      let known = keys.get(system);
      if (!known) {
        const secret = dataDir ? secretFromFile(systemSecretPath(dataDir, system)) : newSystemSecret();
        known = systemKeys(system, secret);
        keys.set(system, known);
      }
      return known;
    },
    async configStore(system) {
      let store = configs.get(system);
      if (!store) {
        // Files, not the system's PGlite: `mosaic config set` writes while this process holds the database.
        store = dataDir
          ? createFileConfigStore(configDir(dataDir, system), { logger: logger.child({ component: 'config', system }) })
          : createMemoryConfigStore();
        configs.set(system, store);
      }
      return store;
    },
    configCipher() {
      cipher ??= configCipherFromEnv(process.env, logger.child({ component: 'config' }));
      return cipher;
    },
    logger,
    host: options.host ?? process.env.MOSAIC_HOST ?? '127.0.0.1',
    async database(system, service) {
      return (await engine(system)).forService(service);
    },
    bus(system) {
      let bus = buses.get(system);
      if (!bus) {
        bus = engine(system)
          .then((e) => e.forService('mosaic_bus'))
          .then((db) => createEmbeddedBus(db, { logger: logger.child({ component: 'bus', system }) }));
        buses.set(system, bus);
      }
      return bus;
    },
    queues(system) {
      let opened = queues.get(system);
      if (!opened) {
        opened = engine(system)
          .then((e) => e.forService('mosaic_queues'))
          .then((db) => createEmbeddedQueues(db, { logger: logger.child({ component: 'queues', system }) }));
        queues.set(system, opened);
      }
      return opened;
    },
    describeData(system) {
      return dataDir ? join(dataDir, system) : 'memory';
    },
    async close() {
      // Before the databases they write to.
      for (const stored of revocations.values()) await stored.close();
      for (const store of configs.values()) await store.close();
      configs.clear();
      for (const opened of queues.values()) await (await opened).close();
      queues.clear();
      for (const bus of buses.values()) await (await bus).close();
      for (const e of engines.values()) await (await e).close();
      await Promise.all([cache.close(), limiter.close()]);
      revocations.clear();
      buses.clear();
      engines.clear();
    },
  };
}

/** Where the embedded runtime keeps a system's secret (see `secretFromFile`); `mosaic operator-token` reads it. */
export function systemSecretPath(dataDir: string, system: string): string {
  return join(resolve(dataDir), system, 'system.key');
}

/** Where the embedded runtime keeps a system's settings (one file per value); `mosaic config` writes there. */
export function configDir(dataDir: string, system: string): string {
  return join(resolve(dataDir), system, 'config');
}
