import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fishdelivery } from '@mosaic/fishdelivery';
import { wrap } from '@mosaic/kit/messaging';
import { exportSpansTo } from '@mosaic/kit/observability';
import { jsonClient, startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breakers, LiveSeries, Messaging, Outboxes, Sagas, Topology, Trace, Traces } from './api.ts';
import { type RunningConsole, startConsole } from './server.ts';
import { embeddedSource } from './sources/embedded.ts';

/** The console against a real fishdelivery on the embedded runtime: every view, from the running processes. */
describe('the console API against a running fishdelivery', () => {
  let system: TestSystem;
  let console_: RunningConsole;
  let api: ReturnType<typeof jsonClient>;
  /** Stops the spans going to this console once it closes: a later file in the process records none for it. */
  let stopExporting: (() => Promise<void>) | undefined;
  const emptyPageDir = mkdtempSync(join(tmpdir(), 'console-page-'));

  beforeAll(async () => {
    // As `mosaic up` does: the console first, then the system, whose processes export their spans to it.
    console_ = await startConsole({
      source: embeddedSource({ runtime: () => system?.runtime, systems: () => (system ? [system] : []) }),
      port: 0,
      // A long interval: the tests scrape when they need a point (scrapeNow), so timing never decides.
      scrapeIntervalMs: 60_000,
      pageDir: emptyPageDir,
    });
    stopExporting = exportSpansTo(console_.tracesUrl);
    system = await startTestSystem(fishdelivery);
    api = jsonClient(console_.url);
  });
  afterAll(async () => {
    await stopExporting?.();
    await console_?.close();
    await system?.close();
    rmSync(emptyPageDir, { recursive: true, force: true });
  });

  /**
   * An order through the gateway, paid. On this shared test machine a cold payment can miss the order's 600 ms
   * budget (the order is then turned away with 503, as designed): such an order is placed again, as its answer says.
   */
  async function placeOrder(): Promise<number> {
    const order = { customerName: 'kim', fishName: 'flatfish', qty: 1, telephone: '01012341234', address: 'Seoul' };
    const placed = await waitFor(
      async () => {
        const answer = await system.http.post<{ orderId: number; status: string }>('/orders', order);
        if (answer.status === 503) return undefined;
        return answer;
      },
      { what: 'an order placed and paid', intervalMs: 500 },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    return placed.body.orderId;
  }

  it('serves the topology: each service with its ready instance, and the gateway with its route table', async () => {
    const { status, body } = await api.get<Topology>('/api/topology');
    expect(status).toBe(200);
    expect(body.runtime).toBe('embedded');
    const fish = body.systems.find((s) => s.name === 'fishdelivery');
    expect(fish?.services.map((s) => s.name).sort()).toEqual(['delivery', 'order', 'payment', 'store']);
    const order = fish?.services.find((s) => s.name === 'order');
    expect(order?.instances).toHaveLength(1);
    expect(order?.instances[0]).toMatchObject({
      url: system.service('order').url,
      id: system.service('order').instanceId,
      ready: true,
    });
    expect(order?.instances[0]?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(order?.instances[0]?.uptimeSec).toBeGreaterThanOrEqual(0);
    expect(fish?.gateway).toMatchObject({ url: system.gatewayUrl, ready: true });
    expect(fish?.gateway?.routes).toContainEqual({
      method: 'POST',
      path: '/orders',
      service: 'order',
      access: 'public',
    });
  });

  it("receives the trace the system's processes export of an order: gateway, order and payment in one", async () => {
    const orderId = await placeOrder();
    const summary = await waitFor(
      async () => {
        const { body } = await api.get<Traces>('/api/traces');
        return body.traces.find(
          (t) => t.name === 'POST /orders' && ['gateway', 'order', 'payment'].every((s) => t.services.includes(s)),
        );
      },
      { what: `the trace of order ${orderId} across the gateway, order and payment` },
    );
    expect(summary.system).toBe('fishdelivery');
    const { body: trace } = await api.get<Trace>(`/api/traces/${summary.traceId}`);
    const root = trace.spans.find((s) => s.parentSpanId === null);
    expect(root).toMatchObject({ service: 'gateway', kind: 'server', name: 'POST /orders' });
    expect(trace.spans.every((s) => s.startMs >= (root?.startMs ?? 0))).toBe(true);
  });

  it('computes per-route and per-service rates and p50/p99 from the scraped metrics', async () => {
    const scraper = await scrapedOnce();
    await placeOrder();
    await placeOrder();
    expect((await system.http.get('/orders/987654')).status).toBe(404);
    await scraper();
    const { body } = await api.get<LiveSeries>('/api/live');
    const last = body.points.at(-1);
    const atGateway = last?.routes.find((r) => r.at === 'gateway' && r.method === 'POST' && r.route === '/orders');
    expect(atGateway?.rate).toBeGreaterThan(0);
    expect(atGateway?.p50Ms).toBeGreaterThan(0);
    expect(atGateway?.p99Ms).toBeGreaterThanOrEqual(atGateway?.p50Ms ?? 0);
    const missing = last?.routes.find((r) => r.at === 'gateway' && r.method === 'GET' && r.route === '/orders/:id');
    expect(missing?.clientErrorRate).toBeGreaterThan(0);
    expect(missing?.errorRate).toBe(0);
    const atOrder = last?.routes.find((r) => r.at === 'order' && r.method === 'POST' && r.route === '/orders');
    expect(atOrder?.rate).toBeGreaterThan(0);
    expect(last?.services.find((s) => s.service === 'payment')?.rate).toBeGreaterThan(0);
    // The console's own scrapes are not a service's load.
    expect(last?.routes.some((r) => r.route === '/metrics')).toBe(false);
    // `since` keeps only later points.
    const later = await api.get<LiveSeries>(`/api/live?since=${last?.at}`);
    expect(later.body.points).toEqual([]);
  });

  it("shows each consumer group's lag and throughput, from the services' scraped metrics", async () => {
    const scrape = await scrapedOnce();
    await placeOrder();
    await waitFor(
      async () => {
        await scrape();
        const { body } = await api.get<Messaging>('/api/messaging');
        return body.groups.some((g) => g.service === 'order' && g.throughput > 0) ? body : undefined;
      },
      { what: "a group of order's with events handled since the last scrape" },
    );
    const { body } = await api.get<Messaging>('/api/messaging');
    expect(new Set(body.groups.map((g) => g.service))).toEqual(new Set(['order', 'payment', 'store', 'delivery']));
    for (const group of body.groups) {
      expect(group.system).toBe('fishdelivery');
      expect(group.lag).toBeGreaterThanOrEqual(0);
    }
  });

  it("shows an order's saga by subject, its events on a timeline, and lists sagas newest first", async () => {
    const first = await placeOrder();
    const second = await placeOrder();
    const bySubject = await waitFor(
      async () => {
        const { body } = await api.get<Sagas>(`/api/sagas?subject=${second}`);
        const found = body.instances[0];
        return found?.events.some((e) => e.type === 'PayApproved') ? found : undefined;
      },
      { what: `the order saga of ${second} with PayApproved` },
    );
    expect(bySubject).toMatchObject({
      system: 'fishdelivery',
      service: 'order',
      saga: 'order',
      subject: String(second),
      status: 'running',
      step: 'prepare',
      reason: null,
    });
    expect(bySubject.events.map((e) => [e.type, e.step, e.compensation])).toEqual([
      ['OrderPlaced', 'pay', false],
      ['PayApproved', 'pay', false],
    ]);
    const listed = await api.get<Sagas>('/api/sagas?size=2');
    expect(listed.status).toBe(200);
    expect(listed.body.instances.map((i) => i.subject)).toEqual([String(second), String(first)]);
  });

  it('says why a cancelled saga stopped, and marks its compensations', async () => {
    const orderId = await placeOrder();
    expect((await system.http.post(`/orders/${orderId}/cancel`)).status).toBe(200);
    const cancelled = await waitFor(
      async () => {
        const { body } = await api.get<Sagas>(`/api/sagas?subject=${orderId}`);
        const found = body.instances[0];
        return found?.status === 'compensated' ? found : undefined;
      },
      { what: `the saga of ${orderId} compensated` },
    );
    expect(cancelled.reason).toMatch(/^cancelled by OrderCanceled at /);
    expect(cancelled.events).toContainEqual(expect.objectContaining({ type: 'PayCanceled', compensation: true }));
  });

  it('lists an event dead letter with its error, and replays it through the owning service', async () => {
    const orderId = 900_000 + Math.floor(Math.random() * 99_999);
    const bus = await system.runtime.bus('fishdelivery');
    // A PayApproved whose data breaks its schema: each group that handles it (the store's among them)
    // dead-letters it at once, with the reason.
    await bus.publish([
      wrap('fishdelivery/rogue', { type: 'PayApproved', subject: String(orderId), data: { orderId, qty: 'two' } }),
    ]);
    const letter = await waitFor(
      async () => {
        const { body } = await api.get<Messaging>('/api/messaging');
        return body.deadLetters.find(
          (d) => d.kind === 'event' && d.service === 'store' && JSON.stringify(d.payload).includes(String(orderId)),
        );
      },
      { what: 'the broken PayApproved among the dead letters' },
    );
    expect(letter).toMatchObject({ system: 'fishdelivery', service: 'store', type: 'PayApproved', replayedAt: null });
    expect(letter.error).toMatch(/does not match its schema/);

    const replay = await api.post<{ replayed: boolean }>('/api/dead-letters/replay', {
      system: 'fishdelivery',
      service: letter.service,
      id: letter.id,
    });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ replayed: true });
    const unknown = await api.post('/api/dead-letters/replay', {
      system: 'fishdelivery',
      service: 'store',
      id: 'nope',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it("serves each service's outbox: the rows waiting for the relay, and says published rows are not kept", async () => {
    system.service('order').relay.pause();
    try {
      const orderId = await placeOrder();
      const { status, body } = await api.get<Outboxes>('/api/outboxes');
      expect(status).toBe(200);
      expect(body.outboxes.map((o) => o.service).sort()).toEqual(['delivery', 'order', 'payment', 'store']);
      const order = body.outboxes.find((o) => o.service === 'order');
      expect(order?.pending).toBeGreaterThanOrEqual(1);
      expect(order?.keepsPublished).toBe(false);
      expect(order?.recent).toContainEqual(
        expect.objectContaining({ type: 'OrderPlaced', subject: String(orderId), publishedAt: null }),
      );
    } finally {
      system.service('order').relay.resume();
    }
  });

  it('refuses bad input with 4xx problems, never 5xx', async () => {
    const cases: [string, Promise<{ status: number }>][] = [
      ['negative page', api.get('/api/sagas?page=-1')],
      ['page past the window', api.get('/api/sagas?page=150&size=100')],
      ['unknown query', api.get('/api/topology?x=1')],
      ['bad trace id', api.get('/api/traces/not-hex')],
      ['replay without id', api.post('/api/dead-letters/replay', { system: 'fishdelivery', service: 'store' })],
      ['replay at an unknown system', api.post('/api/dead-letters/replay', { system: 'nope', service: 'x', id: '1' })],
      [
        'redrive of a queue nobody works',
        api.post('/api/queues/redrive', { system: 'fishdelivery', service: 'store', queue: 'q' }),
      ],
      ['replay as text', api.call('POST', '/api/dead-letters/replay', 'hello', { 'content-type': 'text/plain' })],
    ];
    for (const [what, answer] of cases) {
      const { status } = await answer;
      expect(status, what).toBeGreaterThanOrEqual(400);
      expect(status, what).toBeLessThan(500);
    }
  });

  it('says the page is not built when there is no dist, and serves the built page when there is', async () => {
    const text = await fetch(`${console_.url}/`);
    expect(text.status).toBe(200);
    expect(await text.text()).toMatch(/page is not built/);

    const built = mkdtempSync(join(tmpdir(), 'console-dist-'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Mosaic console</title>');
    const withPage = await startConsole({
      source: embeddedSource({ runtime: system.runtime, systems: () => [system] }),
      port: 0,
      pageDir: built,
    });
    try {
      const page = await fetch(`${withPage.url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<title>Mosaic console</title>');
    } finally {
      await withPage.close();
      rmSync(built, { recursive: true, force: true });
    }
  });

  it("reports the gateway's and the order service's breakers: open since when, and what tripped them", async () => {
    system.fail('payment', 503);
    try {
      for (let i = 0; i < 6; i++) await system.http.get('/payments');
      for (let i = 0; i < 6; i++)
        await system.http.post('/orders', {
          customerName: 'kim',
          fishName: 'flatfish',
          qty: 1,
          telephone: '01012341234',
          address: 'Seoul',
        });
      const { status, body } = await api.get<Breakers>('/api/breakers');
      expect(status).toBe(200);
      const payment = system.service('payment').instanceId;
      const atGateway = body.breakers.find((b) => b.holder === 'gateway' && b.target === 'payment');
      expect(atGateway).toMatchObject({ system: 'fishdelivery', targetInstance: payment, state: 'open' });
      expect(atGateway?.reason).toMatch(/status 503/);
      expect(Date.parse(atGateway?.since ?? '')).toBeLessThanOrEqual(Date.now());
      const atOrder = body.breakers.find((b) => b.holder === 'order' && b.target === 'payment');
      expect(atOrder).toMatchObject({ holderInstance: system.service('order').instanceId, state: 'open' });
      expect(atOrder?.reason).toMatch(/status 503/);
      const closed = body.breakers.find((b) => b.holder === 'gateway' && b.target === 'store');
      expect(closed).toMatchObject({ state: 'closed', since: null, reason: null });
      // What the console reads there is for operators only, at the gateway as at the services.
      expect((await fetch(`${system.gatewayUrl}/admin/breakers`)).status).toBe(401);
      expect((await fetch(`${system.service('order').url}/admin/breakers`)).status).toBe(401);
      expect((await fetch(`${system.service('order').url}/admin/outbox`)).status).toBe(401);
    } finally {
      system.heal('payment');
    }
  });

  /** A first scrape (the base the next one's increments are taken from); returns the next one. */
  async function scrapedOnce() {
    await console_.scrapeNow();
    return () => console_.scrapeNow();
  }
});
