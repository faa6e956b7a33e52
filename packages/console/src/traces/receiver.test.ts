import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime, type Runtime } from '@mosaic/kit/runtime';
import { jsonClient } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace, Traces } from '../api.ts';
import { type RunningConsole, startConsole } from '../server.ts';
import { embeddedSource } from '../sources/embedded.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const ROOT = 'eee19b7ec3c1b174';
const CHILD = 'eee19b7ec3c1b173';
const START_NS = 1_765_000_000_123_456_789n;

/** Nanoseconds as OTLP JSON carries them: a string. */
const ns = (offsetMs: number) => String(START_NS + BigInt(offsetMs) * 1_000_000n);

const attribute = (key: string, value: Record<string, unknown>) => ({ key, value });

/** One process's export, in the OTLP/HTTP JSON encoding the kit's exporter sends (opentelemetry-proto's JSON mapping). */
function exportOf(service: string, spans: unknown[]) {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            attribute('service.name', { stringValue: service }),
            attribute('service.namespace', { stringValue: 'fishdelivery' }),
            attribute('service.instance.id', { stringValue: `${service}-1` }),
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [{ scope: { name: '@mosaic/kit', version: '0.1.0' }, spans, schemaUrl: '' }],
        schemaUrl: '',
      },
    ],
  };
}

const gatewaySpan = {
  traceId: TRACE,
  spanId: ROOT,
  parentSpanId: '',
  name: 'POST /orders',
  kind: 2,
  startTimeUnixNano: ns(0),
  endTimeUnixNano: ns(42),
  attributes: [
    attribute('http.request.method', { stringValue: 'POST' }),
    attribute('http.response.status_code', { intValue: '201' }),
    attribute('mosaic.cached', { boolValue: false }),
  ],
  droppedAttributesCount: 0,
  events: [],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 0 },
  flags: 257,
  traceState: '',
};

const orderSpan = {
  traceId: TRACE,
  spanId: CHILD,
  parentSpanId: ROOT,
  name: 'call payment',
  kind: 3,
  startTimeUnixNano: ns(5),
  endTimeUnixNano: ns(35),
  attributes: [attribute('retry.share', { doubleValue: 0.5 })],
  status: { code: 2, message: 'payment answered 503' },
};

describe('the OTLP/HTTP JSON trace receiver', () => {
  let runtime: Runtime;
  let console_: RunningConsole;
  let api: ReturnType<typeof jsonClient>;

  beforeAll(async () => {
    runtime = createEmbeddedRuntime({ logger: silentLogger() });
    console_ = await startConsole({
      source: embeddedSource({ runtime, systems: () => [] }),
      port: 0,
      traces: { maxTraces: 3, maxSpansPerTrace: 4 },
    });
    api = jsonClient(console_.url);
  });
  afterAll(async () => {
    await console_?.close();
    await runtime?.close();
  });

  const post = (body: unknown) => api.call<Record<string, unknown>>('POST', '/v1/traces', body);

  it("takes two processes' exports of one trace and serves it whole, newest first, with its root's name", async () => {
    expect(await post(exportOf('gateway', [gatewaySpan]))).toMatchObject({ status: 200, body: {} });
    expect((await post(exportOf('order', [orderSpan]))).status).toBe(200);

    const { body: list } = await api.get<Traces>('/api/traces');
    expect(list.traces[0]).toEqual({
      traceId: TRACE,
      name: 'POST /orders',
      system: 'fishdelivery',
      startMs: Number(START_NS / 1_000_000n) + 0.456789,
      durationMs: 42,
      spanCount: 2,
      errorCount: 1,
      services: ['gateway', 'order'],
    });

    const { status, body: trace } = await api.get<Trace>(`/api/traces/${TRACE.toUpperCase()}`);
    expect(status).toBe(200);
    expect(trace.spans.map((s) => [s.spanId, s.parentSpanId, s.kind, s.service, s.status])).toEqual([
      [ROOT, null, 'server', 'gateway', 'unset'],
      [CHILD, ROOT, 'client', 'order', 'error'],
    ]);
    expect(trace.spans[0]?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'mosaic.cached': false,
    });
    expect(trace.spans[1]?.attributes).toEqual({ 'retry.share': 0.5 });
    expect(trace.spans[1]?.durationMs).toBe(30);
  });

  it("takes the processes' scrape and probe spans without keeping them: they would crowd the requests out", async () => {
    const scrape = { ...gatewaySpan, traceId: 'a'.repeat(32), spanId: 'a'.repeat(16), name: 'GET /metrics' };
    const probe = {
      ...gatewaySpan,
      traceId: 'b'.repeat(32),
      spanId: 'b'.repeat(16),
      name: 'GET',
      attributes: [attribute('http.route', { stringValue: '/admin/dlq' })],
    };
    expect((await post(exportOf('order', [scrape, probe]))).status).toBe(200);
    const { body } = await api.get<Traces>('/api/traces');
    expect(body.traces.map((t) => t.traceId)).toEqual([TRACE]);
  });

  it('keeps the good spans of an export and reports the malformed ones as a partial success', async () => {
    const bad = [
      { ...orderSpan, traceId: 'xyz', spanId: 'a1a1a1a1a1a1a1a1' },
      { ...orderSpan, spanId: 'b2b2b2b2b2b2b2b2', startTimeUnixNano: 'yesterday' },
      { ...orderSpan, spanId: 'c3c3c3c3c3c3c3c3', parentSpanId: 'short' },
    ];
    const answer = await post(exportOf('order', [...bad, { ...orderSpan, spanId: 'd4d4d4d4d4d4d4d4' }]));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ partialSuccess: { rejectedSpans: 3 } });
    const trace = await api.get<Trace>(`/api/traces/${TRACE}`);
    expect(trace.body.spans.map((s) => s.spanId)).toContain('d4d4d4d4d4d4d4d4');
  });

  it('keeps at most its bound of spans per trace and of traces, dropping the stalest trace first', async () => {
    const spans = Array.from({ length: 6 }, (_, i) => ({ ...orderSpan, spanId: `f${i}`.padEnd(16, '0') }));
    await post(exportOf('order', spans));
    const full = await api.get<Trace>(`/api/traces/${TRACE}`);
    expect(full.body.spans).toHaveLength(4);
    expect(full.body.droppedSpans).toBeGreaterThan(0);

    const others = ['1', '2', '3'].map((d) => d.repeat(32));
    for (const traceId of others) await post(exportOf('gateway', [{ ...gatewaySpan, traceId }]));
    const { body } = await api.get<Traces>('/api/traces?limit=300');
    expect(body.traces.map((t) => t.traceId).sort()).toEqual([...others].sort());
    expect((await api.get(`/api/traces/${TRACE}`)).status).toBe(404);
  });

  it('refuses what is not an OTLP JSON export: 415 for another media type, 413 past the size bound, 400 for another shape', async () => {
    const protobuf = await fetch(`${console_.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([10, 2, 8, 1]),
    });
    expect(protobuf.status).toBe(415);
    const huge = await post({ resourceSpans: [], padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const wrongShape = await post({ spans: [] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await post('{"resourceSpans": [')).status).toBe(400);
  });
});
