import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { urlWithDatabase } from '../store/database-names.ts';
import { postgresUrl } from '../store/postgres/postgres.ts';
import { describeWithEngines } from '../testing/engines.ts';
import { dropNamespace, freshNamespace } from '../testing/namespace.ts';
import { createDistributedRuntime } from './distributed.ts';
import { readDistributedConfig, storageFor, storageVariable } from './distributed-config.ts';
import { missingEngines } from './engine-probe.ts';
import { defineSystem, type SystemDefinition } from './system.ts';

const service = (name: string, storage?: 'postgres' | 'mysql') => ({
  definition: { name, system: 'shop', migrations: {}, endpoints: [], ...(storage ? { storage } : {}) },
  port: 0,
});
const shop: SystemDefinition = defineSystem({
  name: 'shop',
  title: 'a shop',
  gateway: { port: 0 },
  services: [service('ledger', 'mysql'), service('catalog')],
});

describe('distributed configuration', () => {
  it('finds the engines on this machine unless the environment says otherwise', () => {
    const config = readDistributedConfig({ MOSAIC_NATS_URL: 'nats://nats:4222' });
    expect(config.urls).toEqual({
      postgres: 'postgres://127.0.0.1:5432',
      mysql: 'mysql://root@127.0.0.1:3306',
      nats: 'nats://nats:4222',
      redis: 'redis://127.0.0.1:6379',
    });
    expect(config.namespace).toBe('');
    expect(config.host).toBe('127.0.0.1');
    expect(config.registryTtlMs).toBe(5_000);
    expect(config.busPartitions).toBeUndefined(); // the bus's own default
    expect(readDistributedConfig({ MOSAIC_BUS_PARTITIONS: '32' }).busPartitions).toBe(32);
  });

  it("puts a service's database where the operator says, else where the service prefers, else on PostgreSQL", () => {
    const config = readDistributedConfig({ [storageVariable('shop', 'catalog')]: 'mysql' });
    expect(storageVariable('shop', 'catalog')).toBe('MOSAIC_STORAGE_SHOP_CATALOG');
    expect(storageFor(config, 'shop', 'catalog', undefined)).toBe('mysql');
    expect(storageFor(config, 'shop', 'ledger', 'mysql')).toBe('mysql');
    expect(storageFor(config, 'shop', 'orders', undefined)).toBe('postgres');
    const moved = readDistributedConfig({ MOSAIC_STORAGE_SHOP_LEDGER: 'postgres' });
    expect(storageFor(moved, 'shop', 'ledger', 'mysql')).toBe('postgres');
  });

  it('refuses settings it cannot honour, naming the variable and what it accepts', () => {
    expect(() => readDistributedConfig({ MOSAIC_STORAGE_SHOP_LEDGER: 'oracle' })).toThrow(
      'MOSAIC_STORAGE_SHOP_LEDGER="oracle" must be "postgres" or "mysql"',
    );
    expect(() => readDistributedConfig({ MOSAIC_NAMESPACE: 'Prod-1' })).toThrow(/lower-case letters, digits and _/);
    expect(() => readDistributedConfig({ MOSAIC_REGISTRY_TTL_MS: '-5' })).toThrow(/positive whole number/);
    expect(() => readDistributedConfig({ MOSAIC_BUS_PARTITIONS: 'many' })).toThrow(/MOSAIC_BUS_PARTITIONS="many"/);
  });

  it('advertises a non-loopback address when MOSAIC_HOST=auto (containers)', () => {
    const host = readDistributedConfig({ MOSAIC_HOST: 'auto' }).host;
    expect(host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(host.startsWith('127.')).toBe(false);
  });
});

describe('a missing engine', () => {
  const config = (overrides: Record<string, string>) =>
    readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: freshNamespace(), ...overrides });

  it('fails start-up with one line naming Redis and how to start it', async () => {
    const failure = createDistributedRuntime({
      config: config({ MOSAIC_REDIS_URL: 'redis://127.0.0.1:1' }),
      logger: silentLogger(),
    });
    await expect(failure).rejects.toThrow(
      /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): start it \(`redis-server --daemonize yes`.*\) or point MOSAIC_REDIS_URL at a running one$/,
    );
  });

  it('is listed by the probe, one line per engine, and nothing is listed for engines that answer', async () => {
    const lines = await missingEngines(['postgres', 'nats'], {
      postgres: 'postgres://127.0.0.1:1',
      mysql: 'mysql://root@127.0.0.1:1',
      nats: 'nats://127.0.0.1:1',
      redis: 'redis://127.0.0.1:1',
    });
    expect(lines).toEqual([
      expect.stringMatching(/^PostgreSQL is not reachable at postgres:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): start it/),
      expect.stringMatching(/^NATS with JetStream is not reachable at nats:\/\/127\.0\.0\.1:1 .*MOSAIC_NATS_URL/),
    ]);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'the distributed runtime', () => {
  it('gives each service a database of its own on the engine it prefers, named <namespace><system>_<service>', async () => {
    const namespace = freshNamespace();
    const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace });
    const runtime = await createDistributedRuntime({ systems: [shop], config, logger: silentLogger() });
    try {
      const ledger = await runtime.database('shop', 'ledger');
      const catalog = await runtime.database('shop', 'catalog');
      expect(ledger.dialect).toBe('mysql');
      expect(catalog.dialect).toBe('postgres');
      const ledgerName = await sql<{ name: string }>`select database() as name`.execute(ledger.db);
      expect(ledgerName.rows[0]?.name).toBe(`${namespace}shop_ledger`);
      const catalogName = await sql<{ name: string }>`select current_database() as name`.execute(catalog.db);
      expect(catalogName.rows[0]?.name).toBe(`${namespace}shop_catalog`);
      expect(runtime.storageOf('shop', 'ledger')).toEqual({ storage: 'mysql', database: `${namespace}shop_ledger` });
    } finally {
      await runtime.close();
      await dropNamespace(config);
    }
  });

  it('shares registry, bus, cache and limits between two processes of one namespace, and not with another', async () => {
    const namespace = freshNamespace();
    const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace });
    const other = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: freshNamespace() });
    const [a, b, stranger] = await Promise.all([
      createDistributedRuntime({ systems: [shop], config, logger: silentLogger() }),
      createDistributedRuntime({ systems: [shop], config, logger: silentLogger() }),
      createDistributedRuntime({ systems: [shop], config: other, logger: silentLogger() }),
    ]);
    try {
      await a.registry.register({ id: 'ledger-1', system: 'shop', service: 'ledger', url: 'http://x:1', ready: true });
      await expect
        .poll(() => b.registry.instances('shop', 'ledger').map((i) => i.id), { timeout: 2_000 })
        .toEqual(['ledger-1']);
      expect(stranger.registry.instances('shop', 'ledger')).toEqual([]);

      await a.cache.set('k', 'v', 10_000);
      expect(await b.cache.get('k')).toBe('v');
      expect(await stranger.cache.get('k')).toBeUndefined();

      const seen: string[] = [];
      const busB = await b.bus('shop');
      const subscription = await busB.subscribe({ group: 'ledger.audit', types: ['Sold'] }, async (event) => {
        seen.push(event.id);
      });
      const busA = await a.bus('shop');
      await busA.publish([
        {
          id: '0190a000-0000-7000-8000-000000000001',
          type: 'Sold',
          source: 'shop/catalog',
          subject: '1',
          time: new Date().toISOString(),
          data: {},
          dataVersion: 1,
        },
      ]);
      await expect.poll(() => seen, { timeout: 5_000 }).toEqual(['0190a000-0000-7000-8000-000000000001']);
      await subscription.stop();
    } finally {
      await Promise.all([a.close(), b.close(), stranger.close()]);
      await dropNamespace(config);
      await dropNamespace(other);
    }
  });

  it('leaves nothing behind once its namespace is dropped', async () => {
    const namespace = freshNamespace();
    const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace });
    const runtime = await createDistributedRuntime({ systems: [shop], config, logger: silentLogger() });
    await runtime.database('shop', 'ledger');
    await runtime.database('shop', 'catalog');
    await runtime.bus('shop');
    await runtime.cache.set('k', 'v', 60_000);
    await runtime.close();
    await dropNamespace(config);

    const nc = await connect({ servers: config.urls.nats });
    const streams: string[] = [];
    for await (const name of (await jetstreamManager(nc)).streams.names()) streams.push(name);
    await nc.close();
    expect(streams.filter((s) => s.toLowerCase().includes(namespace.replace(/_$/, '')))).toEqual([]);
    const redis = new Redis(config.urls.redis);
    expect(await redis.keys(`${namespace}*`)).toEqual([]);
    redis.disconnect();
    const client = new pg.Client({ connectionString: urlWithDatabase(postgresUrl(config.urls.postgres), 'postgres') });
    await client.connect();
    const left = await client.query('select datname from pg_database where datname like $1', [`${namespace}%`]);
    await client.end();
    expect(left.rows).toEqual([]);
  });
});
