import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { systemKeysFromNats } from '../auth/nats-secrets.ts';
import { createRedisRevocations } from '../auth/redis/revocations.ts';
import type { SystemKeys } from '../auth/system-key.ts';
import { createRedisCache } from '../cache/redis/redis.ts';
import { type ConfigCipher, configCipherFromEnv } from '../config/cipher.ts';
import type { ConfigStore } from '../config/config.ts';
import { createNatsConfigStore } from '../config/nats/config-store.ts';
import { createNatsKvRegistry } from '../discovery/nats/nats-kv.ts';
import type { Registry } from '../discovery/registry.ts';
import { createRedisLimiter } from '../limits/redis/redis.ts';
import type { Bus } from '../messaging/bus.ts';
import { createNatsBus } from '../messaging/nats/nats-bus.ts';
import { connectNats } from '../messaging/nats/nats-connection.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createNatsQueues } from '../queues/nats/nats-queues.ts';
import type { WorkQueues } from '../queues/queues.ts';
import type { DatabaseEngine } from '../store/database.ts';
import { serviceDatabaseName } from '../store/database-names.ts';
import { openMysql } from '../store/mysql/mysql.ts';
import { openPostgres } from '../store/postgres/postgres.ts';
import {
  type DistributedConfig,
  engineMissingMessage,
  readDistributedConfig,
  type Storage,
  storageFor,
} from './distributed-config.ts';
import type { Runtime } from './runtime.ts';
import type { SystemDefinition } from './system.ts';

export interface DistributedOptions {
  /**
   * The systems whose services may start on this runtime: their `storage` hints choose each service's
   * engine (a service not found here gets PostgreSQL unless MOSAIC_STORAGE_<SYSTEM>_<SERVICE> says otherwise).
   */
  systems?: readonly SystemDefinition[];
  /** Default: read from the environment (see `readDistributedConfig`). */
  config?: DistributedConfig;
  logger?: Logger;
}

export interface DistributedRuntime extends Runtime {
  readonly config: DistributedConfig;
  /** Which engine the service's database is on, and its database name. */
  storageOf(system: string, service: string): { storage: Storage; database: string };
  /** The name the bus uses for a system on NATS (the namespace applied). */
  busSystem(system: string): string;
}

/**
 * Every adapter on a real engine (DESIGN §2): PostgreSQL or MySQL/MariaDB with a database per service
 * (`<namespace><system>_<service>`), a NATS JetStream bus per system, the NATS KV registry, and Redis for
 * the cache, rate limits and revocations. NATS and Redis are connected here, so a missing one fails at once
 * with one line that says how to start it; a database engine is opened when its first service starts.
 */
export async function createDistributedRuntime(options: DistributedOptions = {}): Promise<DistributedRuntime> {
  const config = options.config ?? readDistributedConfig();
  const logger = options.logger ?? createLogger();
  const { namespace, urls } = config;
  const hints = new Map<string, Storage | undefined>();
  for (const system of options.systems ?? []) {
    for (const { definition } of system.services) hints.set(`${system.name}/${definition.name}`, definition.storage);
  }

  const redis = await connectRedis(urls.redis);
  // One NATS connection for the registry and every bus of this process; it reconnects forever once up.
  let nats: NatsConnection;
  let registry: Registry;
  try {
    nats = await connectNats({ servers: urls.nats, name: `mosaic ${process.pid}`, logger });
  } catch (error) {
    redis.disconnect();
    throw new Error(engineMissingMessage('nats', urls.nats, error), { cause: error });
  }
  try {
    registry = await createNatsKvRegistry({
      connection: nats,
      bucket: `${namespace}mosaic_registry`,
      ttlMs: config.registryTtlMs,
      logger: logger.child({ component: 'registry' }),
    });
  } catch (error) {
    redis.disconnect();
    await nats.close();
    throw error;
  }

  const engines = new Map<string, Promise<DatabaseEngine>>();
  const buses = new Map<string, Promise<Bus>>();
  const queues = new Map<string, Promise<WorkQueues>>();
  const keys = new Map<string, Promise<SystemKeys>>();
  const configs = new Map<string, Promise<ConfigStore>>();
  let cipher: ConfigCipher | undefined;
  // Each engine names a service's database `<prefix><service>` (serviceDatabaseName); the prefix is the system's.
  const databasePrefix = (system: string) => `${namespace}${system}_`;
  const storageOf = (system: string, service: string) => ({
    storage: storageFor(config, system, service, hints.get(`${system}/${service}`)),
    database: serviceDatabaseName(databasePrefix(system), service),
  });
  const busSystem = (system: string) => `${namespace}${system}`;

  const engine = (storage: Storage, system: string) => {
    const key = `${storage}:${system}`;
    let opened = engines.get(key);
    if (!opened) {
      const settings = { url: urls[storage], prefix: databasePrefix(system), pool: config.pool };
      opened = (storage === 'mysql' ? openMysql(settings) : openPostgres(settings)).catch((error: unknown) => {
        // The adapters say the engine is missing; say it the same way as for NATS and Redis, with how to start it.
        if (error instanceof Error && /not reachable/.test(error.message)) {
          throw new Error(engineMissingMessage(storage, settings.url, error), { cause: error });
        }
        throw error;
      });
      engines.set(key, opened);
      // A failed open is not remembered: the next service start tries again.
      opened.catch(() => engines.delete(key));
    }
    return opened;
  };

  const cache = createRedisCache(redis, { prefix: `${namespace}mosaic:cache:` });
  const limiter = createRedisLimiter(redis, { prefix: `${namespace}mosaic:limits:` });
  const revocations = createRedisRevocations(redis, { prefix: `${namespace}mosaic:revoked:` });

  return {
    kind: 'distributed',
    config,
    registry,
    cache,
    limiter,
    revocations: () => revocations,
    systemKeys(system) {
      let known = keys.get(system);
      if (!known) {
        known = systemKeysFromNats(nats, namespace, system);
        keys.set(system, known);
        known.catch(() => keys.delete(system));
      }
      return known;
    },
    configStore(system) {
      let store = configs.get(system);
      if (!store) {
        const storeLogger = logger.child({ component: 'config', system });
        store = createNatsConfigStore({ connection: nats, namespace, system, logger: storeLogger });
        configs.set(system, store);
        store.catch(() => configs.delete(system));
      }
      return store;
    },
    configCipher() {
      cipher ??= configCipherFromEnv(process.env, logger.child({ component: 'config' }));
      return cipher;
    },
    logger,
    host: config.host,
    storageOf,
    busSystem,
    async database(system, service) {
      return (await engine(storageOf(system, service).storage, system)).forService(service);
    },
    bus(system) {
      let bus = buses.get(system);
      if (!bus) {
        bus = createNatsBus({
          servers: urls.nats,
          connection: nats,
          system: busSystem(system),
          ...(config.busPartitions ? { partitions: config.busPartitions } : {}),
          logger: logger.child({ component: 'bus', system }),
        });
        buses.set(system, bus);
        bus.catch(() => buses.delete(system));
      }
      return bus;
    },
    queues(system) {
      let opened = queues.get(system);
      if (!opened) {
        const queueLogger = logger.child({ component: 'queues', system });
        opened = createNatsQueues({ connection: nats, system: busSystem(system), logger: queueLogger });
        queues.set(system, opened);
        opened.catch(() => queues.delete(system));
      }
      return opened;
    },
    describeData(system) {
      const names = new Set<string>();
      for (const [key, storage] of hints) {
        const [owner, service] = key.split('/') as [string, string];
        if (owner === system) names.add(`${service}→${storageFor(config, system, service, storage)}`);
      }
      return `databases ${namespace}${system}_<service> (${[...names].join(', ') || 'postgres'}), NATS stream of ${busSystem(system)}`;
    },
    async close() {
      const settled = async <T extends { close(): Promise<void> }>(all: Iterable<Promise<T>>) => {
        for (const pending of all) {
          const opened = await pending.catch(() => undefined);
          await opened?.close().catch((error) => logger.warn({ err: error }, 'closing an adapter failed'));
        }
      };
      await settled(configs.values());
      configs.clear();
      await settled(queues.values());
      queues.clear();
      await settled(buses.values());
      await settled(engines.values());
      buses.clear();
      engines.clear();
      await registry.close();
      await nats.drain().catch(() => nats.close());
      await Promise.all([cache.close(), limiter.close(), revocations.close()]);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Connects once at start (a missing Redis fails start-up); later drops are retried by ioredis. */
async function connectRedis(url: string): Promise<Redis> {
  let connected = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    connectTimeout: 3_000,
    // No retries before the first connection, so a missing Redis fails start-up with its real reason.
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2_000) : null),
  });
  // Errors after start are retried by ioredis; without a listener each would be an unhandled 'error'.
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
    connected = true;
    return redis;
  } catch (error) {
    redis.disconnect();
    // ioredis rejects with "Connection is closed."; the socket's own error says why.
    const cause = lastError ?? error;
    throw new Error(engineMissingMessage('redis', url, cause), { cause });
  }
}
