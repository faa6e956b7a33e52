import { describe, expect, it } from 'vitest';
import type { Instance, RegistryChange } from '../registry.ts';
import { createMemoryRegistry } from './memory.ts';

const instance = (id: string, overrides: Partial<Instance> = {}): Instance => ({
  id,
  system: 'shop',
  service: 'order',
  url: `http://127.0.0.1:1000/${id}`,
  ready: true,
  ...overrides,
});

describe('memory registry', () => {
  it("lists one service's instances, ready or not", async () => {
    const registry = createMemoryRegistry();
    await registry.register(instance('a'));
    await registry.register(instance('b', { ready: false }));
    await registry.register(instance('c', { service: 'payment' }));
    await registry.register(instance('d', { system: 'other' }));
    expect(registry.instances('shop', 'order').map((i) => [i.id, i.ready])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(registry.instances('shop', 'payment').map((i) => i.id)).toEqual(['c']);
  });

  it('replaces an instance registered again with the same id', async () => {
    const registry = createMemoryRegistry();
    await registry.register(instance('a', { ready: false }));
    await registry.register(instance('a', { ready: true }));
    expect(registry.instances('shop', 'order')).toEqual([instance('a', { ready: true })]);
  });

  it('tells watchers of every change before register or deregister returns', async () => {
    const registry = createMemoryRegistry();
    const changes: RegistryChange[] = [];
    registry.watch((change) => changes.push(change));
    const registering = registry.register(instance('a'));
    expect(changes).toEqual([{ kind: 'up', instance: instance('a') }]);
    await registering;
    void registry.deregister('a');
    expect(changes[1]).toEqual({ kind: 'down', instance: instance('a') });
    expect(registry.instances('shop', 'order')).toEqual([]);
  });

  it('says nothing when an unknown id is deregistered', async () => {
    const registry = createMemoryRegistry();
    const changes: RegistryChange[] = [];
    registry.watch((change) => changes.push(change));
    await registry.deregister('ghost');
    expect(changes).toEqual([]);
  });

  it('stops telling a watcher that unsubscribed, and only that one', async () => {
    const registry = createMemoryRegistry();
    const first: string[] = [];
    const second: string[] = [];
    const stop = registry.watch((c) => first.push(c.instance.id));
    registry.watch((c) => second.push(c.instance.id));
    await registry.register(instance('a'));
    stop();
    await registry.register(instance('b'));
    expect(first).toEqual(['a']);
    expect(second).toEqual(['a', 'b']);
  });

  it('keeps what it stores safe from later changes to the object the caller passed', async () => {
    const registry = createMemoryRegistry();
    const mine = instance('a');
    await registry.register(mine);
    mine.ready = false;
    expect(registry.instances('shop', 'order')[0]!.ready).toBe(true);
  });

  it('tells every watcher even when one throws, then reports the error to the registering caller', async () => {
    const registry = createMemoryRegistry();
    const heard: string[] = [];
    registry.watch(() => {
      throw new Error('broken listener');
    });
    registry.watch((c) => heard.push(c.instance.id));
    await expect(registry.register(instance('a'))).rejects.toThrow('broken listener');
    expect(heard).toEqual(['a']);
    expect(registry.instances('shop', 'order').map((i) => i.id)).toEqual(['a']);
  });

  it('refuses registrations once closed', async () => {
    const registry = createMemoryRegistry();
    await registry.close();
    await expect(registry.register(instance('a'))).rejects.toThrow(/closed/);
  });
});
