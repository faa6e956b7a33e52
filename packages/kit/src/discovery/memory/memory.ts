import type { Instance, Registry, RegistryChange } from '../registry.ts';

type Listener = (change: RegistryChange) => void;

/**
 * The embedded adapter: one process, so the "cluster" is a Map. Listeners hear every change synchronously,
 * inside `register`/`deregister`, so a client's view is current before the registering call returns.
 */
export function createMemoryRegistry(): Registry {
  const instances = new Map<string, Instance>();
  // A wrapper object per subscription, so watching twice with one function needs two unsubscribes.
  const listeners = new Set<{ listener: Listener }>();
  let closed = false;

  function assertOpen(action: string): void {
    if (closed) throw new Error(`cannot ${action}: the memory registry is closed`);
  }

  function emit(change: RegistryChange): void {
    let failure: unknown;
    for (const entry of [...listeners]) {
      // One broken listener must not hide the change from the others; its error still reaches the caller.
      try {
        entry.listener(change);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  return {
    async register(instance) {
      assertOpen(`register ${instance.id}`);
      // A frozen copy: a caller mutating its object later must not change what others see.
      const stored = Object.freeze({ ...instance });
      instances.set(stored.id, stored);
      emit({ kind: 'up', instance: stored });
    },

    async deregister(id) {
      const instance = instances.get(id);
      if (!instance) return;
      instances.delete(id);
      emit({ kind: 'down', instance });
    },

    instances(system, service) {
      const found: Instance[] = [];
      for (const instance of instances.values()) {
        if (instance.system === system && instance.service === service) found.push(instance);
      }
      return found;
    },

    watch(listener) {
      assertOpen('watch');
      const entry = { listener };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },

    async close() {
      closed = true;
      listeners.clear();
      instances.clear();
    },
  };
}
