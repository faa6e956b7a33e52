import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { quantileMs } from './figures.ts';
import { parsePrometheus } from './prometheus.ts';

describe('reading /metrics', () => {
  it("reads prom-client's own exposition: labels unescaped, +Inf buckets, one sample per series", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ system: 'fishdelivery' });
    const requests = new Counter({ name: 'demo_total', help: 'h', labelNames: ['route'], registers: [registry] });
    requests.inc({ route: '/orders/"quoted"\\\\back\nline' }, 3);
    const duration = new Histogram({ name: 'demo_seconds', help: 'h', buckets: [0.1, 1], registers: [registry] });
    duration.observe(0.05);
    duration.observe(0.5);

    const samples = parsePrometheus(await registry.metrics());
    expect(samples).toContainEqual({
      name: 'demo_total',
      labels: { route: '/orders/"quoted"\\\\back\nline', system: 'fishdelivery' },
      value: 3,
    });
    const buckets = samples.filter((s) => s.name === 'demo_seconds_bucket').map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([
      ['0.1', 1],
      ['1', 2],
      ['+Inf', 2],
    ]);
    expect(parsePrometheus('garbage{without="end\nok_total 2\n')).toEqual([{ name: 'ok_total', labels: {}, value: 2 }]);
  });

  it('reads p50 and p99 from bucket increments as histogram_quantile does', () => {
    // 10 requests: 5 under 10 ms, 4 between 10 and 50 ms, 1 between 50 and 100 ms.
    const buckets = new Map([
      [0.01, 5],
      [0.05, 9],
      [0.1, 10],
      [Number.POSITIVE_INFINITY, 10],
    ]);
    expect(quantileMs(buckets, 0.5)).toBe(10);
    expect(quantileMs(buckets, 0.99)).toBe(95);
    expect(quantileMs(new Map([[Number.POSITIVE_INFINITY, 0]]), 0.5)).toBeNull();
    // All beyond the last bound: the last bound is all that is known.
    expect(
      quantileMs(
        new Map([
          [0.1, 0],
          [Number.POSITIVE_INFINITY, 4],
        ]),
        0.5,
      ),
    ).toBe(100);
  });
});
