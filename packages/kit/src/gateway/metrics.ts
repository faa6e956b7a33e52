import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState, ServiceClient } from '../calls/index.ts';

export interface GatewayMetrics {
  /** This gateway's own registry: several gateways in one process must not mix their numbers. */
  readonly registry: Registry;
  observe(route: string, method: string, status: number, seconds: number): void;
  /** A cache lookup's result, or how many entries an invalidation removed. */
  cache(route: string, result: 'hit' | 'miss' | 'invalidated', count?: number): void;
}

/** Label for requests no route matched (404, 405, early errors): one series, not one per path tried. */
export const UNMATCHED_ROUTE = '(unmatched)';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createGatewayMetrics(system: string, clients: ReadonlyMap<string, ServiceClient>): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ system });
  const labelNames = ['route', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'mosaic_gateway_requests_total',
    help: 'Requests answered by the gateway, by route pattern, method and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mosaic_gateway_request_duration_seconds',
    help: 'Time from request to answer at the gateway, by route pattern, method and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const breakers: Gauge<'service' | 'instance'> = new Gauge({
    name: 'mosaic_gateway_breaker_state',
    help: 'Circuit breaker per upstream instance: 0 closed, 1 half-open, 2 open',
    labelNames: ['service', 'instance'],
    registers: [registry],
    // Read at scrape time, so instances that left the registry leave the metric too.
    collect() {
      breakers.reset();
      for (const [service, client] of clients) {
        for (const [instance, state] of Object.entries(client.breakerStates())) {
          breakers.set({ service, instance }, BREAKER_VALUE[state]);
        }
      }
    },
  });

  const cache = new Counter({
    name: 'mosaic_gateway_cache_total',
    help: 'Response cache lookups by result (hit, miss) and entries removed by invalidation, by route pattern',
    labelNames: ['route', 'result'],
    registers: [registry],
  });

  // Label-bound children per (route, method, status): prom-client hashes a label object on every call otherwise.
  const series = new Map<
    string,
    { count: ReturnType<typeof requests.labels>; time: ReturnType<typeof duration.labels> }
  >();
  return {
    registry,
    observe(route, method, status, seconds) {
      const key = `${route} ${method} ${status}`;
      let bound = series.get(key);
      if (!bound) {
        const labels = { route, method, status: String(status) };
        bound = { count: requests.labels(labels), time: duration.labels(labels) };
        series.set(key, bound);
      }
      bound.count.inc();
      bound.time.observe(seconds);
    },
    cache(route, result, count = 1) {
      cache.inc({ route, result }, count);
    },
  };
}
