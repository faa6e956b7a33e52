import { donuts } from '@mosaic/donuts';
import { exportSpansTo } from '@mosaic/kit/observability';
import { setServiceSetting, startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Breakers, LiveSeries, Messaging, Outboxes, Sagas, Topology, Trace, Traces } from '../src/api.ts';
import { type RunningConsole, startConsole } from '../src/server.ts';
import { embeddedSource } from '../src/sources/embedded.ts';
import { outboxLabel } from './src/outbox-label.ts';
import { describeWithChromium, launchChromium } from './testing/chromium.ts';
import { lateSource } from './testing/late-source.ts';
import { screenshot } from './testing/screenshots.ts';

/**
 * The page against the real console server showing a real running system (donuts, on the embedded runtime):
 * what each view shows is checked against the API's own answer, and the page's buttons against what the
 * system did. A second console over the same system listens on every address, where the API asks for an
 * operator token, so the page's token form is part of the test.
 */
await describeWithChromium('the console page', () => {
  let opsConsole: RunningConsole;
  let guarded: RunningConsole;
  let base: string;
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Stops the spans going to this console once it closes: a later file in the process records none for it. */
  let stopExporting: (() => Promise<void>) | undefined;
  const sku = 'CONSOLE-1';

  const api = async <T>(path: string): Promise<T> => {
    const answer = await fetch(`${base}/api${path}`, { headers: { authorization: `Bearer ${system.operatorToken}` } });
    expect(answer.status, `GET /api${path}`).toBe(200);
    return (await answer.json()) as T;
  };
  /** A fresh load of the page (a hash change alone would keep the previous view's answers in flight). */
  const open = async (hash: string, testId: string) => {
    await page.goto(`${base}/${hash}`);
    await page.reload();
    await page.getByTestId(testId).waitFor();
  };
  const texts = (testId: string, attribute: string) =>
    page
      .getByTestId(testId)
      .evaluateAll((nodes, name) => nodes.map((n) => n.getAttribute(name) ?? ''), attribute)
      .then((values) => values.sort());
  const buy = () => system.http.post<{ restock?: { restockId: string } }>('/checkout', { sku });

  beforeAll(async () => {
    const late = lateSource();
    opsConsole = await startConsole({ source: late.source, port: 0, scrapeIntervalMs: 1000 });
    base = opsConsole.url;
    // As `mosaic up` does: the system's spans go to this console.
    stopExporting = exportSpansTo(opsConsole.tracesUrl);
    guarded = await startConsole({ source: late.source, host: '0.0.0.0', port: 0 });
    system = await startTestSystem(donuts);
    late.attach(embeddedSource({ runtime: system.runtime, systems: () => [system] }));
    await setServiceSetting(system, 'factory', 'line.stepMs', 50);
    await setServiceSetting(system, 'restock', 'callback.baseUrl', system.gatewayUrl);
    const entered = await system.direct('sales').put(
      `/products/${sku}`,
      {
        name: 'Console donut',
        price: 1000,
        stock: 2,
        reorderPoint: 0,
        restockQuantity: 5,
        factoryManagerEmail: 'f@x.io',
      },
      system.vouchedHeaders({ service: 'test' }),
    );
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await stopExporting?.();
    await browser?.close();
    await system?.close();
    await opsConsole?.close();
    await guarded?.close();
  });

  it('asks for an operator token, then shows the systems, services and instances the API reports', async () => {
    const refused = await fetch(`${guarded.url.replace('0.0.0.0', '127.0.0.1')}/api/topology`);
    expect(refused.status).toBe(401);
    await page.goto(`${guarded.url.replace('0.0.0.0', '127.0.0.1')}/#/topology`);
    await page.getByTestId('token-form').waitFor();
    // A token the console refuses: the form comes back and says so.
    await page.getByTestId('token-input').fill('not-an-operator-token');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-refused').waitFor();
    await page.getByTestId('token-input').fill(system.operatorToken);
    await page.getByTestId('token-submit').click();
    await page.getByTestId('instance').first().waitFor();
    expect(await page.getByTestId('token-form').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);

    const topology = await api<Topology>('/topology');
    const instances = topology.systems.flatMap((s) => s.services.flatMap((v) => v.instances.map((i) => i.id))).sort();
    expect(instances.length).toBeGreaterThanOrEqual(4);
    expect(await texts('instance', 'data-instance-id')).toEqual(instances);
    expect(await texts('service', 'data-service')).toEqual(
      topology.systems.flatMap((s) => s.services.map((v) => v.name)).sort(),
    );
    const gateway = topology.systems[0]!.gateway!;
    await page.getByTestId('gateway').locator('summary').click();
    expect(await page.getByTestId('gateway-route').count()).toBe(gateway.routes.length);
    await screenshot(page, 'topology');
  });

  it('charts the live rates and lists every service and route the API has figures for', async () => {
    // Steady traffic while the page polls, so the charts have lines to draw.
    const traffic = setInterval(() => void system.http.get(`/products/${sku}`), 100);
    try {
      await liveChecks();
    } finally {
      clearInterval(traffic);
    }
  });

  async function liveChecks() {
    await open('#/live', 'view-live');
    await page.getByTestId('live-row').first().waitFor({ timeout: 15_000 });
    // The page shows what it polled; the API's latest answer may be one point newer.
    const shown = await texts('live-row', 'data-key');
    const live = await api<LiveSeries>('/live');
    const known = new Set(live.points.flatMap((p) => p.services.map((s) => `${s.system}/${s.service}`)));
    expect(shown.length).toBeGreaterThan(0);
    for (const key of shown) expect(known).toContain(key);
    expect(await page.getByTestId('chart-rate').locator('canvas').count()).toBe(1);
    // The page keeps polling (every 2 s, asking only for what is newer): its points grow.
    const points = async () => Number(await page.getByTestId('live-points').getAttribute('data-points'));
    const before = await points();
    await waitFor(async () => (await points()) >= before + 2, { what: 'two more live points', timeoutMs: 10_000 });
    await screenshot(page, 'live');

    await page.getByTestId('live-group-routes').click();
    await page.getByTestId('live-row').first().waitFor();
    const routes = await texts('live-row', 'data-key');
    const answered = await api<LiveSeries>('/live');
    const knownRoutes = new Set(
      answered.points.flatMap((p) => p.routes.map((r) => `${r.system} ${r.method} ${r.route} · ${r.at}`)),
    );
    expect(routes).toContain(`donuts GET /products/:sku · gateway`);
    for (const key of routes) expect(knownRoutes).toContain(key);
  }

  it('lists a dead letter and replays it with the Replay button', async () => {
    // A real failure an operator can cure: notification's table is away, so its mail policy fails on the
    // RestockRequested of a sold-out sale until the table is back.
    const { db } = await system.runtime.database('donuts', 'notification');
    await db.schema.alterTable('notifications').renameTo('notifications_away').execute();
    await buy();
    await buy();
    const sold = await buy();
    const restockId = sold.body.restock?.restockId;
    expect(restockId, JSON.stringify(sold.body)).toBeTruthy();
    const letter = await waitFor(
      async () =>
        (await api<Messaging>('/messaging')).deadLetters.find(
          (l) => l.kind === 'event' && l.type === 'RestockRequested',
        ),
      { what: 'the RestockRequested dead letter', timeoutMs: 20_000 },
    );
    await db.schema.alterTable('notifications_away').renameTo('notifications').execute();

    await open('#/messaging', 'view-messaging');
    const row = page.locator(`[data-testid="dead-letter"][data-id="${letter.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('dead-letter-error').textContent()).toBe(letter.error);
    await row.getByTestId('payload-toggle').click();
    expect(JSON.parse((await row.getByTestId('payload-full').textContent()) ?? '')).toEqual(letter.payload);
    const messaging = await api<Messaging>('/messaging');
    expect(await texts('group', 'data-group')).toEqual(messaging.groups.map((g) => g.group).sort());
    expect(await texts('queue', 'data-queue')).toEqual(messaging.queues.map((q) => q.queue).sort());
    await screenshot(page, 'messaging');

    await row.getByTestId('replay').click();
    const replayed = await waitFor(
      async () => {
        const found = (await api<Messaging>('/messaging')).deadLetters.find((l) => l.id === letter.id);
        return found?.replayedAt ? found : found ? undefined : 'gone';
      },
      { what: 'the dead letter replayed', timeoutMs: 15_000 },
    );
    // Handled this time: the factory manager's mail was written.
    const mails = await waitFor(async () => {
      const answer = await system.http.get<unknown[]>(`/notifications?kind=factory-email&restockId=${restockId}`);
      return answer.body.length > 0 ? answer.body : undefined;
    });
    expect(mails).toHaveLength(1);
    if (replayed !== 'gone') await row.getByTestId('replayed').waitFor();
    expect(await page.getByTestId('action-error').count()).toBe(0);
  });

  it('finds a saga by its subject and shows its events as the API has them', async () => {
    const [restock] = (await system.http.get<{ restockId: string }[]>(`/restocks?sku=${sku}`)).body;
    const subject = restock!.restockId;
    const sagas = await waitFor(
      async () => {
        const found = await api<Sagas>(`/sagas?subject=${encodeURIComponent(subject)}`);
        return found.instances.some((i) => i.events.some((e) => e.type === 'RestockArrived')) ? found : undefined;
      },
      { what: 'the restock saga to complete', timeoutMs: 20_000 },
    );
    await open('#/sagas', 'view-sagas');
    await page.getByTestId('saga-subject').fill(subject);
    await page.getByTestId('saga-search').click();
    await page.waitForURL(/subject=/);
    // The recent instances shown before the search hold this subject too: wait until only the answer is shown.
    const subjects = await waitFor(
      async () => {
        const shownSubjects = await page
          .getByTestId('saga')
          .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-subject')));
        const answered = shownSubjects.length > 0 && shownSubjects.every((s) => s === subject);
        return answered && (await page.getByTestId('saga-event').count()) > 0 ? shownSubjects : undefined;
      },
      { what: `the page to show the instances of ${subject} alone` },
    );
    const instance = sagas.instances[0]!;
    expect(subjects).toHaveLength(sagas.instances.length);
    expect(await page.getByTestId('saga-status').first().textContent()).toBe(instance.status);
    const shown = await page
      .getByTestId('saga-event')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-type')));
    const expected = expectedEvents(instance).map((e) => e.type);
    expect(shown).toEqual(expected);
    expect(shown).toEqual(expect.arrayContaining(['RestockRequested', 'FactoryOrdered', 'RestockArrived']));
    // One lane per step the saga reached, in the order it reached them.
    const steps = [...new Set(expectedEvents(instance).map((e) => e.step ?? '(no step)'))];
    expect(
      await page.getByTestId('saga-step').evaluateAll((lanes) => lanes.map((l) => l.getAttribute('data-step'))),
    ).toEqual(steps);
    await screenshot(page, 'sagas');
  });

  it('opens a trace as a waterfall across services', async () => {
    const traces = await waitFor(
      async () => {
        const found = await api<Traces>('/traces?limit=100');
        return found.traces.some((t) => t.services.length > 1) ? found : undefined;
      },
      { what: 'a trace across services', timeoutMs: 15_000 },
    );
    await open('#/traces', 'view-traces');
    await page.getByTestId('trace').first().waitFor();
    const listed = await texts('trace', 'data-trace-id');
    // The page's list was fetched after the API's: everything the API had is there, bar traces pushed out.
    expect(listed).toEqual(expect.arrayContaining(traces.traces.slice(0, 10).map((t) => t.traceId)));

    const chosen = [...traces.traces].sort((a, b) => b.spanCount - a.spanCount)[0]!;
    const trace = await api<Trace>(`/traces/${chosen.traceId}`);
    await page.locator(`[data-testid="trace"][data-trace-id="${chosen.traceId}"] [data-testid="trace-link"]`).click();
    await page.getByTestId('waterfall').waitFor();
    expect(await page.getByTestId('span').count()).toBe(trace.spans.length);
    expect(new Set(await texts('span', 'data-service'))).toEqual(new Set(trace.spans.map((s) => s.service)));
    // The bars sit where the spans are in time: the earliest starts at the left edge.
    const earliest = [...trace.spans].sort((a, b) => a.startMs - b.startMs)[0]!;
    const left = await page
      .locator(`[data-testid="span"][data-span-id="${earliest.spanId}"] [data-testid="span-bar"]`)
      .evaluate((bar) => (bar as HTMLElement).style.left);
    expect(left).toBe('0%');
    // Children are indented under their parents.
    const depths = await page
      .getByTestId('span')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-depth'))));
    expect(depths[0]).toBe(0);
    expect(Math.max(...depths)).toBeGreaterThan(0);
    const withAttributes = trace.spans.find((s) => Object.keys(s.attributes).length > 0) ?? trace.spans[0]!;
    await page.locator(`[data-testid="span"][data-span-id="${withAttributes.spanId}"]`).click();
    await page.getByTestId('span-details').waitFor();
    const firstKey = Object.keys(withAttributes.attributes).sort()[0];
    if (firstKey) expect(await page.getByTestId('span-attributes').textContent()).toContain(firstKey);
    await screenshot(page, 'traces');
  });

  it('shows each breaker the API reports', async () => {
    const breakers = await api<Breakers>('/breakers');
    expect(breakers.breakers.length).toBeGreaterThan(0);
    await open('#/breakers', 'view-breakers');
    await page.getByTestId('breaker').first().waitFor();
    const shown = await page
      .getByTestId('breaker')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')).sort());
    expect(shown).toEqual(breakers.breakers.map((b) => `${b.holderInstance}>${b.targetInstance}`).sort());
    const states = await texts('breaker', 'data-state');
    expect(states).toEqual(breakers.breakers.map((b) => b.state).sort());
    await screenshot(page, 'breakers');
  });

  it("shows each service's outbox with its rows", async () => {
    const outboxes = await api<Outboxes>('/outboxes');
    await open('#/outboxes', 'view-outboxes');
    await page.getByTestId('outbox').first().waitFor();
    expect(await texts('outbox', 'data-outbox')).toEqual(outboxes.outboxes.map(outboxLabel).sort());
    // Rows come and go with the relay: every row the page lists is one the API listed just before or after.
    const rows = await texts('outbox-row', 'data-id');
    const after = await api<Outboxes>('/outboxes');
    const known = new Set([...outboxes.outboxes, ...after.outboxes].flatMap((o) => o.recent.map((r) => r.id)));
    for (const row of rows) expect(known).toContain(row);
    await screenshot(page, 'outboxes');
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

function expectedEvents(instance: Sagas['instances'][number]) {
  return [...instance.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
