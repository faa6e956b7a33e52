// Test support (not exported): what every Registry adapter must do, seen from one process.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Instance, Registry, RegistryChange } from '../../discovery/registry.ts';

const instance = (id: string, overrides: Partial<Instance> = {}): Instance => ({
  id,
  system: 'shop',
  service: 'order',
  url: `http://127.0.0.1:1000/${id}`,
  ready: true,
  ...overrides,
});

export function registryContract(make: () => Promise<Registry> | Registry): void {
  let registry: Registry;
  let changes: string[];
  beforeEach(async () => {
    registry = await make();
    changes = [];
    registry.watch((c: RegistryChange) => changes.push(`${c.kind}:${c.instance.id}:${c.instance.ready}`));
  });
  afterEach(async () => {
    await registry.close();
  });

  it("lists one service's instances, ready or not, as soon as register returns", async () => {
    await registry.register(instance('a'));
    await registry.register(instance('b', { ready: false }));
    await registry.register(instance('c', { service: 'payment' }));
    await registry.register(instance('d', { system: 'other' }));
    const ids = (system: string, service: string) =>
      registry
        .instances(system, service)
        .map((i) => `${i.id}:${i.ready}`)
        .sort();
    expect(ids('shop', 'order')).toEqual(['a:true', 'b:false']);
    expect(ids('shop', 'payment')).toEqual(['c:true']);
    expect(ids('other', 'order')).toEqual(['d:true']);
  });

  it('tells watchers of an arrival, a change and a departure, once each', async () => {
    await registry.register(instance('a', { ready: false }));
    await registry.register(instance('a', { ready: true }));
    await registry.deregister('a');
    expect(changes).toEqual(['up:a:false', 'up:a:true', 'down:a:true']);
    expect(registry.instances('shop', 'order')).toEqual([]);
  });

  it('says nothing when an unknown id is deregistered', async () => {
    await registry.deregister('ghost');
    expect(changes).toEqual([]);
  });

  it('keeps what it stores safe from later changes to the object the caller passed', async () => {
    const mine = instance('a');
    await registry.register(mine);
    mine.ready = false;
    expect(registry.instances('shop', 'order')[0]?.ready).toBe(true);
  });

  it('stops telling a watcher that unsubscribed', async () => {
    const heard: string[] = [];
    const stop = registry.watch((c) => heard.push(c.instance.id));
    await registry.register(instance('a'));
    stop();
    await registry.register(instance('b'));
    expect(heard).toEqual(['a']);
  });

  it('refuses registrations once closed', async () => {
    await registry.close();
    await expect(registry.register(instance('a'))).rejects.toThrow(/closed/);
  });
}
