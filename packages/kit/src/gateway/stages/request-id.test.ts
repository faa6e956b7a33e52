import { describe, expect, it } from 'vitest';
import { acceptRequestId, gatewaySpan } from './request-id.ts';

describe('request id and trace (stage 1)', () => {
  it('keeps a sane request id and replaces anything else', () => {
    expect(acceptRequestId('abc-1.2_3')).toBe('abc-1.2_3');
    for (const bad of ['', 'a b', 'x'.repeat(129), ['a', 'b'], undefined]) {
      expect(acceptRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("continues a caller's trace with a new span id, keeping its flags", () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const span = gatewaySpan(incoming);
    expect(span).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    expect(span).not.toBe(incoming);
  });

  it('starts a new trace for a missing, malformed or all-zero traceparent, with distinct ids every time', () => {
    const spans = new Set<string>();
    for (const incoming of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      for (let i = 0; i < 700; i++) {
        const span = gatewaySpan(incoming);
        expect(span).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        expect(span.slice(3, 35)).not.toBe('00000000000000000000000000000000');
        spans.add(span);
      }
    }
    expect(spans.size).toBe(2100);
  });
});
