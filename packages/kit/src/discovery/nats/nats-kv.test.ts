import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { registryContract } from '../../testing/conformance/registry.ts';
import { describeWithEngines, engineUrls, startPrivateNatsServer, uniqueName } from '../../testing/engines.ts';
import { waitFor } from '../../testing/wait.ts';
import type { Instance, Registry, RegistryChange } from '../registry.ts';
import { createNatsKvRegistry } from './nats-kv.ts';

const servers = engineUrls().nats;
const buckets: string[] = [];
const opened: Registry[] = [];

/** A registry on a bucket of this run's own (deleted after the file). */
async function registryOn(bucket: string, options: { ttlMs?: number; connection?: NatsConnection } = {}) {
  const registry = await createNatsKvRegistry({
    servers,
    bucket,
    ttlMs: options.ttlMs ?? 1_500,
    heartbeatMs: 300,
    ...(options.connection ? { connection: options.connection } : {}),
  });
  opened.push(registry);
  return registry;
}

function freshBucket() {
  const bucket = uniqueName('registry_');
  buckets.push(bucket);
  return bucket;
}

const instance = (id: string, overrides: Partial<Instance> = {}): Instance => ({
  id,
  system: 'shop',
  service: 'order',
  url: `http://127.0.0.1:1000/${id}`,
  ready: true,
  ...overrides,
});

function record(registry: Registry) {
  const changes: string[] = [];
  registry.watch((c: RegistryChange) => changes.push(`${c.kind}:${c.instance.id}`));
  return changes;
}

afterAll(async () => {
  for (const registry of opened) await registry.close().catch(() => undefined);
  const nc = await connect({ servers });
  const jsm = await jetstreamManager(nc);
  for (const bucket of buckets) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
  await nc.close();
});

await describeWithEngines('nats', 'NATS KV registry', () => {
  describe('contract', () => {
    registryContract(() => registryOn(freshBucket(), { ttlMs: 30_000 }));
  });

  it('shows an instance registered elsewhere within 2 s, pushed to watchers', async () => {
    const bucket = freshBucket();
    const here = await registryOn(bucket);
    const there = await registryOn(bucket);
    const changes = record(here);
    const started = Date.now();
    await there.register(instance('a'));
    await waitFor(() => changes.includes('up:a'), { what: 'the watcher to hear a', timeoutMs: 2_000, intervalMs: 10 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(here.instances('shop', 'order').map((i) => i.url)).toEqual([instance('a').url]);
    expect(here.instances('shop', 'payment')).toEqual([]);
  });

  it('sees in its own view what it registered before register returns', async () => {
    const registry = await registryOn(freshBucket());
    const changes = record(registry);
    await registry.register(instance('a'));
    expect(changes).toEqual(['up:a']);
    expect(registry.instances('shop', 'order')).toEqual([instance('a')]);
  });

  it('loads what was already in the bucket when it starts, and ignores announcements whose heartbeat is stale', async () => {
    const bucket = freshBucket();
    const first = await registryOn(bucket);
    await first.register(instance('a'));
    await first.register(instance('b', { service: 'payment' }));
    const late = await registryOn(bucket);
    expect(late.instances('shop', 'order').map((i) => i.id)).toEqual(['a']);
    expect(late.instances('shop', 'payment').map((i) => i.id)).toEqual(['b']);

    // An announcement written long ago (its writer died without a word) is not an instance.
    const nc = await connect({ servers });
    const { Kvm } = await import('@nats-io/kv');
    const kv = await new Kvm(nc).open(bucket);
    await kv.put(
      'shop.order.ghost',
      JSON.stringify({ instance: instance('ghost'), heartbeatAt: Date.now() - 60_000, ttlMs: 1_500 }),
    );
    await nc.close();
    const third = await registryOn(bucket);
    expect(third.instances('shop', 'order').map((i) => i.id)).toEqual(['a']);
  });

  it('tells watchers about a graceful deregister at once (an explicit delete)', async () => {
    const bucket = freshBucket();
    const here = await registryOn(bucket, { ttlMs: 30_000 });
    const there = await registryOn(bucket, { ttlMs: 30_000 });
    const changes = record(here);
    await there.register(instance('a'));
    await waitFor(() => changes.includes('up:a'), { what: 'a to come up' });
    await there.deregister('a');
    // Far sooner than the 30 s TTL: the delete is pushed.
    await waitFor(() => changes.includes('down:a'), { what: 'a to go down', timeoutMs: 2_000, intervalMs: 10 });
    expect(here.instances('shop', 'order')).toEqual([]);
  });

  it('drops an instance whose process died without a word once its heartbeat is older than the TTL', async () => {
    const bucket = freshBucket();
    const here = await registryOn(bucket);
    const doomedConnection = await connect({ servers });
    const doomed = await registryOn(bucket, { connection: doomedConnection });
    const changes = record(here);
    await doomed.register(instance('a'));
    await here.register(instance('b'));
    await waitFor(() => changes.includes('up:a'), { what: 'a to come up' });
    // Heartbeats keep it alive well past its TTL…
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(changes).not.toContain('down:a');
    // …until its process stops talking (no delete is ever sent).
    const diedAt = Date.now();
    await doomedConnection.close();
    await waitFor(() => changes.includes('down:a'), { what: 'a to expire', timeoutMs: 5_000, intervalMs: 20 });
    const tookMs = Date.now() - diedAt;
    expect(tookMs).toBeLessThan(1_500 + 1_000);
    expect(here.instances('shop', 'order').map((i) => i.id)).toEqual(['b']);
  });

  it('keeps announcing a live instance after its heartbeats outlive the bucket TTL many times over', async () => {
    const bucket = freshBucket();
    const owner = await registryOn(bucket, { ttlMs: 900 });
    await owner.register(instance('a'));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const late = await registryOn(bucket, { ttlMs: 900 });
    expect(late.instances('shop', 'order').map((i) => i.id)).toEqual(['a']);
  });

  it('reports a changed readiness as an update, and replaces an instance registered again', async () => {
    const bucket = freshBucket();
    const here = await registryOn(bucket);
    const there = await registryOn(bucket);
    const seen: boolean[] = [];
    here.watch((c) => c.kind === 'up' && seen.push(c.instance.ready));
    await there.register(instance('a', { ready: false }));
    await there.register(instance('a', { ready: true }));
    await waitFor(() => seen.at(-1) === true, { what: 'a to be ready' });
    expect(here.instances('shop', 'order')).toEqual([instance('a', { ready: true })]);
  });

  it('refuses ids that cannot be a key, saying which part and why', async () => {
    const registry = await registryOn(freshBucket());
    await expect(registry.register(instance('a.b'))).rejects.toThrow(/instance id "a.b".*letters, digits/);
  });

  it('deletes the keys of its own instances when closed, and refuses work afterwards', async () => {
    const bucket = freshBucket();
    const watcher = await registryOn(bucket, { ttlMs: 30_000 });
    const owner = await registryOn(bucket, { ttlMs: 30_000 });
    const changes = record(watcher);
    await owner.register(instance('a'));
    await waitFor(() => changes.includes('up:a'), { what: 'a to come up' });
    await owner.close();
    await waitFor(() => changes.includes('down:a'), { what: 'a to leave', timeoutMs: 2_000, intervalMs: 10 });
    await expect(owner.register(instance('b'))).rejects.toThrow(/closed/);
  });

  it('rides out a NATS restart: keeps its view while cut off, then hears new instances and announces its own again', async () => {
    const nats = await startPrivateNatsServer();
    const on = (ttlMs: number) =>
      createNatsKvRegistry({ servers: nats.url, bucket: 'registry', ttlMs, heartbeatMs: 300 });
    const watcher = await on(1_500);
    const owner = await on(1_500);
    try {
      const changes = record(watcher);
      await owner.register(instance('a'));
      await waitFor(() => changes.includes('up:a'), { what: 'a to come up' });
      await nats.kill();
      // Nobody's heartbeat can arrive now; that is no reason to think they died.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(watcher.instances('shop', 'order').map((i) => i.id)).toEqual(['a']);
      expect(changes).not.toContain('down:a');
      await nats.restart();
      const late = await on(1_500);
      await waitFor(() => late.instances('shop', 'order').length === 1, {
        what: 'a to be announced again after the restart',
        timeoutMs: 5_000,
      });
      await late.register(instance('b'));
      await waitFor(() => changes.includes('up:b'), { what: 'the old watcher to hear b', timeoutMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(changes).not.toContain('down:a');
      await late.close();
    } finally {
      await watcher.close().catch(() => undefined);
      await owner.close().catch(() => undefined);
      await nats.dispose();
    }
  });
});
