import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { keysBucket } from '../auth/nats-secrets.ts';
import { configBucket } from '../config/nats/config-store.ts';
import { natsToken } from '../messaging/nats/nats-names.ts';
import type { DistributedConfig } from '../runtime/distributed-config.ts';
import { dropMysqlDatabases } from '../store/mysql/mysql.ts';
import { dropPostgresDatabases } from '../store/postgres/postgres.ts';

/** A namespace no other run uses (`t<time><random>_`), so runs can share the engines. */
export function freshNamespace(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}_`;
}

/**
 * Deletes everything a distributed runtime created under a namespace: its databases on both engines,
 * its streams and KV buckets (bus, dead letters, registry, system keys) and its Redis keys. For tests and
 * benchmarks; refuses the empty namespace, which would be everyone's data.
 */
export async function dropNamespace(config: Pick<DistributedConfig, 'namespace' | 'urls'>): Promise<void> {
  const { namespace, urls } = config;
  if (!/^[a-z0-9_]+$/.test(namespace)) throw new Error(`refusing to drop the namespace "${namespace}"`);
  const token = natsToken(namespace);
  const ours = (stream: string) =>
    stream.startsWith(`MOSAIC_${token}`) ||
    stream.startsWith(`KV_mosaic_${token}`) ||
    stream === `KV_${namespace}mosaic_registry` ||
    stream === `KV_${keysBucket(namespace)}` ||
    stream === `KV_${configBucket(namespace)}`;

  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await attempt('PostgreSQL', () => dropPostgresDatabases({ url: urls.postgres, prefix: namespace }));
  await attempt('MySQL/MariaDB', () => dropMysqlDatabases({ url: urls.mysql, prefix: namespace }));
  await attempt('NATS', async () => {
    const nc = await connect({ servers: urls.nats, maxReconnectAttempts: 0 });
    try {
      const jsm = await jetstreamManager(nc);
      const names: string[] = [];
      for await (const name of jsm.streams.names()) if (ours(name)) names.push(name);
      for (const name of names) await jsm.streams.delete(name);
    } finally {
      await nc.close();
    }
  });
  await attempt('Redis', async () => {
    const redis = new Redis(urls.redis, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}mosaic:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  });
  if (failures.length) throw new Error(`could not clean up namespace ${namespace}: ${failures.join('; ')}`);
}
