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

type RequestLabel = 'route' | 'method' | 'status';

/**
 * One series per (route, method, status): its request count, kept here and handed to the counter when it is
 * scraped, and its histogram child. prom-client hashes the label object on every `inc` and `observe`, child or
 * not, so counting here spares one of the two per request; a histogram's buckets have no way in but `observe`.
 */
interface Series {
  readonly labels: Record<RequestLabel, string>;
  count: number;
  readonly time: ReturnType<Histogram<RequestLabel>['labels']>;
}

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createGatewayMetrics(system: string, clients: ReadonlyMap<string, ServiceClient>): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ system });
  const labelNames: RequestLabel[] = ['route', 'method', 'status'];
  // By route, then method, then status: the route and method strings come from the route table and Node's
  // parser, so their hashes are cached, where a key joined per request would be a new string to hash each time.
  const series = new Map<string, Map<string, Map<number, Series>>>();
  const requests: Counter<RequestLabel> = new Counter({
    name: 'mosaic_gateway_requests_total',
    help: 'Requests answered by the gateway, by route pattern, method and status',
    labelNames,
    registers: [registry],
    collect() {
      requests.reset();
      for (const byMethod of series.values()) {
        for (const byStatus of byMethod.values()) {
          for (const one of byStatus.values()) requests.inc(one.labels, one.count);
        }
      }
    },
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

  return {
    registry,
    observe(route, method, status, seconds) {
      let byMethod = series.get(route);
      if (!byMethod) {
        byMethod = new Map();
        series.set(route, byMethod);
      }
      let byStatus = byMethod.get(method);
      if (!byStatus) {
        byStatus = new Map();
        byMethod.set(method, byStatus);
      }
      let one = byStatus.get(status);
      if (!one) {
        const labels = { route, method, status: String(status) };
        one = { labels, count: 0, time: duration.labels(labels) };
        byStatus.set(status, one);
      }
      one.count++;
      one.time.observe(seconds);
    },
    cache(route, result, count = 1) {
      cache.inc({ route, result }, count);
    },
  };
}
