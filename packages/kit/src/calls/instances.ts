import type { Instance, Registry } from '../discovery/registry.ts';
import {
  type BreakerOptions,
  type BreakerReport,
  type BreakerState,
  createInstanceBreaker,
  type InstanceBreaker,
} from './breaker.ts';

/** An instance as the client dials it, with the breaker that guards it. */
export interface Endpoint {
  readonly instance: Instance;
  /** `scheme://host:port`, what undici dials. */
  readonly origin: string;
  /** Any path the instance's URL carries (no trailing slash), prefixed to every request path. */
  readonly basePath: string;
  readonly breaker: InstanceBreaker;
}

export type Pick =
  | { kind: 'picked'; endpoint: Endpoint }
  | { kind: 'none-ready' }
  | { kind: 'all-open'; retryAfterMs: number };

/**
 * The client's local view of one service's instances. It is filled once from the registry and then kept
 * current by `watch`, so a call never waits on the registry. Round robin over the ready instances.
 */
export interface InstanceView {
  /**
   * The next ready instance whose breaker lets a call through, preferring one not in `tried` (a retry should
   * land elsewhere) but falling back to a tried one rather than giving up.
   */
  pick(tried: ReadonlySet<string>, now: number): Pick;
  breakerStates(now: number): Record<string, BreakerState>;
  breakerReports(now: number): Record<string, BreakerReport>;
  close(): void;
}

export function watchInstances(options: {
  registry: Registry;
  system: string;
  service: string;
  breaker: BreakerOptions;
  onBreakerChange(instance: { id: string; url: string }, state: 'open' | 'closed'): void;
}): InstanceView {
  const { registry, system, service } = options;
  const endpoints = new Map<string, Endpoint>();
  let ready: Endpoint[] = [];
  let cursor = 0;

  const refreshReady = () => {
    ready = [...endpoints.values()].filter((endpoint) => endpoint.instance.ready);
  };

  const upsert = (instance: Instance) => {
    const known = endpoints.get(instance.id);
    // Same id at the same URL (e.g. a readiness flip) keeps its failure history; a new URL is a new process.
    if (known && known.instance.url === instance.url) {
      endpoints.set(instance.id, { ...known, instance });
      return;
    }
    const url = new URL(instance.url);
    const dialed = { id: instance.id, url: instance.url };
    endpoints.set(instance.id, {
      instance,
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      breaker: createInstanceBreaker(options.breaker, {
        onOpen: () => options.onBreakerChange(dialed, 'open'),
        onClose: () => options.onBreakerChange(dialed, 'closed'),
      }),
    });
  };

  const belongs = (instance: Instance) => instance.system === system && instance.service === service;

  // Watch before reading, so an instance registered in between is not missed (an upsert is idempotent).
  const unwatch = registry.watch((change) => {
    if (!belongs(change.instance)) return;
    if (change.kind === 'up') upsert(change.instance);
    else endpoints.delete(change.instance.id); // its breaker goes with it
    refreshReady();
  });
  for (const instance of registry.instances(system, service)) upsert(instance);
  refreshReady();

  return {
    pick(tried, now) {
      if (ready.length === 0) return { kind: 'none-ready' };
      const start = cursor++ % ready.length;
      let fallback: Endpoint | undefined;
      for (let i = 0; i < ready.length; i++) {
        const endpoint = ready[(start + i) % ready.length]!;
        if (!endpoint.breaker.available(now)) continue;
        if (!tried.has(endpoint.instance.id)) return { kind: 'picked', endpoint };
        fallback ??= endpoint;
      }
      if (fallback) return { kind: 'picked', endpoint: fallback };
      let retryAfterMs = Number.POSITIVE_INFINITY;
      for (const endpoint of ready) retryAfterMs = Math.min(retryAfterMs, endpoint.breaker.retryAfterMs(now));
      return { kind: 'all-open', retryAfterMs };
    },

    breakerStates(now) {
      const states: Record<string, BreakerState> = {};
      for (const [id, endpoint] of endpoints) states[id] = endpoint.breaker.state(now);
      return states;
    },

    breakerReports(now) {
      const reports: Record<string, BreakerReport> = {};
      for (const [id, endpoint] of endpoints) reports[id] = endpoint.breaker.report(now);
      return reports;
    },

    close() {
      unwatch();
      endpoints.clear();
      ready = [];
    },
  };
}
