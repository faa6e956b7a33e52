import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState, ServiceClient } from '../calls/index.ts';

export interface GatewayMetrics {
  /** This gateway's own registry: several gateways in one process must not mix their numbers. */
  readonly registry: Registry;
  observe(route: string, method: string, status: number, seconds: number): void;
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

  return {
    registry,
    observe(route, method, status, seconds) {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
