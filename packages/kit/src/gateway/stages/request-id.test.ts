import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceparentOf, tracerFor } from '../../observability/tracing.ts';
import { acceptRequestId, gatewaySpan } from './request-id.ts';

const tracer = tracerFor({ system: 'test', service: 'gateway' });

describe('request id and trace (stage 1)', () => {
  it('keeps a sane request id and replaces anything else', () => {
    expect(acceptRequestId('abc-1.2_3')).toBe('abc-1.2_3');
    for (const bad of ['', 'a b', 'x'.repeat(129), ['a', 'b'], undefined]) {
      expect(acceptRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("continues a caller's trace with a new span id, and the upstream call continues the gateway's span", () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { span, context } = gatewaySpan(tracer, 'GET', incoming);
    const own = traceparentOf(span);
    expect(own).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-0[01]$/);
    expect(own?.slice(36, 52)).not.toBe('00f067aa0ba902b7');
    expect(trace.getSpanContext(context)?.spanId).toBe(span.spanContext().spanId);
  });

  it('starts a new trace for a missing, malformed or all-zero traceparent, with distinct ids every time', () => {
    const spans = new Set<string>();
    for (const incoming of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      for (let i = 0; i < 700; i++) {
        const own = traceparentOf(gatewaySpan(tracer, 'GET', incoming).span);
        expect(own).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
        expect(own?.slice(3, 35)).not.toBe('00000000000000000000000000000000');
        spans.add(own ?? '');
      }
    }
    expect(spans.size).toBe(2100);
  });
});
