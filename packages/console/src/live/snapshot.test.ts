import { describe, expect, it } from 'vitest';
import { parsePrometheus } from './prometheus.ts';
import { increase, snapshotOf } from './snapshot.ts';

const SERVICE_METRICS = `# HELP mosaic_http_requests_total HTTP requests handled, by route and status
# TYPE mosaic_http_requests_total counter
mosaic_http_requests_total{method="POST",route="/orders",status="201",system="fishdelivery",service="order"} 7
mosaic_http_requests_total{method="POST",route="/orders",status="503",system="fishdelivery",service="order"} 1
mosaic_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/orders",system="fishdelivery",service="order"} 6
mosaic_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/orders",system="fishdelivery",service="order"} 8
mosaic_consumer_lag{group="order.myPages",system="fishdelivery",service="order"} 12
mosaic_consumer_events_total{group="order.myPages",outcome="handled",system="fishdelivery",service="order"} 40
mosaic_consumer_events_total{group="order.myPages",outcome="dead_lettered",system="fishdelivery",service="order"} 2
mosaic_consumer_events_total{group="order.myPages",outcome="failed",system="fishdelivery",service="order"} 9
`;

describe("a scrape's snapshot", () => {
  it("keeps a service's requests by route and status, its buckets, its groups' lag and the events they are done with (not failed tries)", () => {
    const snapshot = snapshotOf('service', parsePrometheus(SERVICE_METRICS), 1_000);
    expect(snapshot.requests.get('POST /orders')).toEqual(
      new Map([
        ['201', 7],
        ['503', 1],
      ]),
    );
    expect(snapshot.buckets.get('POST /orders')).toEqual(
      new Map([
        [0.1, 6],
        [Number.POSITIVE_INFINITY, 8],
      ]),
    );
    expect(snapshot.lag.get('order.myPages')).toBe(12);
    expect(snapshot.consumed.get('order.myPages')).toBe(42);
  });

  it('has no groups when the process exposes no consumer metrics', () => {
    const snapshot = snapshotOf(
      'service',
      parsePrometheus('mosaic_http_requests_total{method="GET",route="/x",status="200"} 1\n'),
      0,
    );
    expect(snapshot.lag.size + snapshot.consumed.size).toBe(0);
  });

  it('counts a counter that went down as restarted from zero', () => {
    expect(increase(10, 4)).toBe(6);
    expect(increase(3, 40)).toBe(3);
    expect(increase(5, undefined)).toBe(5);
  });
});
