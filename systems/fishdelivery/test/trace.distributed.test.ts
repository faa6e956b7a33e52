import { type JsonClient, type OtlpReceiver, type ReceivedSpan, startOtlpReceiver, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Order } from '../order/domain.ts';
import { type Cluster, httpTo, startCluster, warmUp } from './cluster.ts';
import { newOrder, rowFor } from './fixtures.ts';

let receiver: OtlpReceiver;
let cluster: Cluster;
let http: JsonClient;

/** The trace id of the gateway's answer: it sends its own span of the trace back in `traceparent`. */
function traceOf(headers: Headers): string {
  const traceparent = headers.get('traceparent') ?? '';
  expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  return traceparent.slice(3, 35);
}

const isRoot = (span: ReceivedSpan) => span.parentSpanId === null;

const orphansIn = (spans: readonly ReceivedSpan[]) => {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId !== null && !ids.has(s.parentSpanId));
};

/**
 * Waits until the trace holds its root, a span that `last` picks and every parent its spans name (each process
 * exports on its own clock, so the gateway's root may come after the handler's span), then gives every span of
 * the trace received by then. A trace that stays cut off times out here.
 */
/**
 * The trace once it holds a span matching each of `wanted`, its root and no orphan. Each process exports on
 * its own schedule, so a span that ended first may still arrive last.
 */
async function traceUntil(traceId: string, wanted: readonly ((span: ReceivedSpan) => boolean)[], what: string) {
  return waitFor(
    () => {
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      const complete = wanted.every((w) => spans.some(w)) && spans.some(isRoot) && orphansIn(spans).length === 0;
      return complete ? spans : undefined;
    },
    { what, timeoutMs: 15_000 },
  );
}

/** One root (the gateway's server span) and every other span's parent in the trace: nothing is cut off. */
function expectConnected(spans: readonly ReceivedSpan[]) {
  const roots = spans.filter(isRoot);
  expect(roots.map((s) => `${s.service} ${s.kind} ${s.name}`)).toEqual(['gateway server POST /orders']);
  expect(orphansIn(spans).map((s) => `${s.service} ${s.name}`)).toEqual([]);
}

/** The chain of spans from `span` up to the root, as "service kind name" lines. */
function ancestry(spans: readonly ReceivedSpan[], span: ReceivedSpan): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: string[] = [];
  for (let at: ReceivedSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
    chain.unshift(`${at.service} ${at.kind} ${at.name}`);
  }
  return chain;
}

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'fishdelivery traced across its processes', () => {
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Every process exports to the test's receiver, every 200 ms instead of OTel's default 5 s.
    cluster = startCluster({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' });
    await Promise.all(['order', 'payment', 'store', 'delivery'].map((service) => cluster.start(service)));
    http = httpTo(await cluster.gateway());
    await warmUp(http);
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
    await receiver?.close();
  }, 60_000);

  it("follows POST /orders as one trace from the gateway through order, payment, the outbox and NATS to the store's handler", async () => {
    const placed = await http.post<Order>('/orders', newOrder());
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const traceId = traceOf(placed.headers);
    const isStoreHandler = (s: ReceivedSpan) => s.service === 'store' && s.kind === 'consumer';
    const isRelay = (s: ReceivedSpan) => s.name === 'relay PayApproved';
    const spans = await traceUntil(
      traceId,
      [isStoreHandler, isRelay],
      "the store's handling of the paid order, and the relay's span, in the trace",
    );
    expectConnected(spans);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'order', 'payment', 'store']));
    expect(new Set(spans.map((s) => s.system))).toEqual(new Set(['fishdelivery']));

    const handler = spans.find(isStoreHandler)!;
    expect(handler.name).toBe('store.orders PayApproved');
    expect(handler.attributes).toMatchObject({ 'messaging.destination.name': 'PayApproved' });
    const chain = ancestry(spans, handler);
    expect(chain[0]).toBe('gateway server POST /orders');
    expect(chain).toContain('order server POST /orders');
    // The handler's parent is the publish: the event carried its traceparent through the outbox and NATS.
    expect(chain.at(-2)).toBe('payment producer publish PayApproved');
    // The relay's span of the same event sits beside the handler, under the publish.
    expect(spans.find(isRelay)?.parentSpanId).toBe(handler.parentSpanId);
    // The synchronous call: the order service's client span, and payment's server span as its child.
    const call = spans.find((s) => s.service === 'order' && s.kind === 'client' && s.name === 'POST payment');
    expect(call).toBeDefined();
    expect(spans.find((s) => s.service === 'payment' && s.kind === 'server')?.parentSpanId).toBe(call?.spanId);
  });

  it("follows the store's PATCH through its event to the delivery's handler", async () => {
    const placed = await http.post<Order>('/orders', newOrder());
    expect(placed.status).toBe(201);
    const storeOrder = await rowFor(http, 'fishstores', placed.body.orderId, 'paid');
    const prepared = await http.patch(`/fishstores/${storeOrder.fishOrderId}`, { status: 'prepared' });
    expect(prepared.status).toBe(200);
    const traceId = traceOf(prepared.headers);
    const isDeliveryHandler = (s: ReceivedSpan) => s.service === 'delivery' && s.kind === 'consumer';
    const spans = await traceUntil(traceId, [isDeliveryHandler], "the delivery's handling of OrderTaken in the trace");
    const roots = spans.filter(isRoot);
    expect(roots.map((s) => `${s.service} ${s.name}`)).toEqual(['gateway PATCH /fishstores/:id']);
    const chain = ancestry(spans, spans.find(isDeliveryHandler)!);
    expect(chain).toEqual([
      'gateway server PATCH /fishstores/:id',
      'gateway client PATCH store',
      'store server PATCH /fishstores/:id',
      'store producer publish OrderTaken',
      'delivery consumer delivery.deliveries OrderTaken',
    ]);
    expect(receiver.refused).toBe(0);
  });
});
