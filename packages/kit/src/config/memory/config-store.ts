import type { ConfigStore } from '../config.ts';

/**
 * Settings in this process only (tests, `mosaic up --memory`): every service of the runtime shares the one
 * store, so a change is seen by every instance at once. Gone with the process.
 */
export function createMemoryConfigStore(): ConfigStore {
  const values = new Map<string, Map<string, string>>();
  const watchers = new Map<string, Set<(key: string, sealed: string) => void>>();
  const of = <T>(map: Map<string, T>, service: string, make: () => T) => {
    let found = map.get(service);
    if (!found) {
      found = make();
      map.set(service, found);
    }
    return found;
  };
  return {
    async read(service) {
      return new Map(values.get(service));
    },
    async write(service, key, sealed) {
      of(values, service, () => new Map<string, string>()).set(key, sealed);
      for (const changed of [...(watchers.get(service) ?? [])]) changed(key, sealed);
    },
    async watch(service, changed) {
      const set = of(watchers, service, () => new Set<(key: string, sealed: string) => void>());
      set.add(changed);
      return { stop: () => set.delete(changed) };
    },
    async close() {
      watchers.clear();
    },
  };
}
