// Server-sent events end to end: a real service's `openEventStream` endpoint, declared `stream: true`, through
// a real gateway, read by a client on a real socket as the bytes arrive.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSystem } from '../runtime/system.ts';
import { defineService, type ServiceContext } from '../service/define.ts';
import { endpointsOf } from '../service/endpoint.ts';
import { openEventStream } from '../service/event-stream.ts';
import { startTestSystem, type TestSystem } from '../testing/system.ts';
import { waitFor } from '../testing/wait.ts';
import { createGateway } from './gateway.ts';
import { freshRegistry, memoryAdapters, startGateway, startService, TEST_VOUCHES } from './test-support.ts';

const endpoint = endpointsOf<ServiceContext<Record<string, never>>>();
const ROUTE_TIMEOUT_MS = 300;

/** What the service saw, for the tests to compare with what the client saw. */
const seen = {
  secondSentAt: undefined as number | undefined,
  heldClosed: false,
  lastSentAt: undefined as number | undefined,
};

const feed = defineService<Record<string, never>>({
  name: 'feed',
  system: 'news',
  migrations: {},
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/ticks',
      summary: 'two events 200 ms apart, then the end',
      gateway: { auth: 'public', stream: true },
      handle: (_ctx, { http }) => {
        const stream = openEventStream(http);
        stream.send({ id: '1', event: 'tick', data: { n: 1 } });
        setTimeout(() => {
          seen.secondSentAt = Date.now();
          stream.send({ id: '2', event: 'tick', data: { n: 2, text: 'two\nlines' } });
          stream.close();
        }, 200);
        return stream.answer;
      },
    }),
    endpoint({
      method: 'GET',
      path: '/held',
      summary: 'one event, then open until the client leaves',
      gateway: { auth: 'public', stream: true },
      handle: (_ctx, { http }) => {
        const stream = openEventStream(http, { heartbeatMs: 50 });
        stream.onClose(() => {
          seen.heldClosed = true;
        });
        stream.send({ data: 'hello' });
        return stream.answer;
      },
    }),
    endpoint({
      method: 'GET',
      path: '/late',
      query: Type.Object({ headAfterMs: Type.Integer({ minimum: 0 }) }),
      summary: 'the head after a while, then events well past the route timeout',
      gateway: { auth: 'public', stream: true, timeoutMs: ROUTE_TIMEOUT_MS },
      handle: async (_ctx, { http, query }) => {
        await new Promise((resolve) => setTimeout(resolve, query.headAfterMs));
        const stream = openEventStream(http);
        stream.send({ event: 'first', data: 1 });
        setTimeout(() => {
          seen.lastSentAt = Date.now();
          stream.send({ event: 'last', data: 2 });
          stream.close();
        }, 2 * ROUTE_TIMEOUT_MS);
        return stream.answer;
      },
    }),
    endpoint({
      method: 'GET',
      path: '/resume',
      summary: 'says which event the client resumes after',
      gateway: { auth: 'public', stream: true },
      handle: (_ctx, { http }) => {
        const stream = openEventStream(http);
        stream.send({ data: { after: stream.lastEventId ?? null } });
        stream.close();
        return stream.answer;
      },
    }),
  ],
});

const news = defineSystem({
  name: 'news',
  title: 'a news feed',
  gateway: { port: 0 },
  services: [{ definition: feed, port: 0 }],
});

interface OpenedStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next event that carries data (comments and the `retry:` block skipped), without its blank line. */
  nextEvent(): Promise<string>;
  /** Resolves with everything received once the server ends the answer. */
  readonly ended: Promise<string>;
  /** Leaves: destroys the connection. */
  leave(): void;
}

/** GETs `path` and hands back the answer as its bytes arrive. */
function openStream(base: string, path: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers, agent: false }, (res) => {
      let text = '';
      let read = 0;
      const waiting: (() => void)[] = [];
      const wake = () => {
        for (const waiter of waiting.splice(0)) waiter();
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        wake();
      });
      const ended = new Promise<string>((done, fail) => {
        res.on('end', () => done(text));
        res.on('error', fail);
      });
      // A connection cut mid-answer ends the wait too (with an error, below), never a hang.
      res.on('close', wake);
      ended.catch(() => {});
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        async nextEvent() {
          for (;;) {
            const end = text.indexOf('\n\n', read);
            if (end !== -1) {
              const block = text.slice(read, end);
              read = end + 2;
              if (block.split('\n').some((line) => line.startsWith('data:'))) return block;
              continue;
            }
            if (res.complete || res.destroyed) {
              throw new Error(`the stream ended without another event (complete: ${res.complete}); received: ${text}`);
            }
            await new Promise<void>((wakeUp) => waiting.push(wakeUp));
          }
        },
        ended,
        leave: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('an event stream through the gateway', { timeout: 5000 }, () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(news);
  });
  afterAll(() => system?.close());

  it('derives stream routes from the endpoints', () => {
    const routes = news.gateway.routes.filter((r) => r.stream === true).map((r) => r.path);
    expect(routes).toEqual(['/ticks', '/held', '/late', '/resume']);
  });

  it('relays each event as it is sent: the first arrives before the second is sent', async () => {
    seen.secondSentAt = undefined;
    const stream = await openStream(system.gatewayUrl, '/ticks');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.headers['content-length']).toBeUndefined();
    expect(stream.headers['x-request-id']).toEqual(expect.any(String));

    expect(await stream.nextEvent()).toBe('id: 1\nevent: tick\ndata: {"n":1}');
    // Buffered anywhere on the way, the first event would only arrive with the second.
    expect(seen.secondSentAt).toBeUndefined();
    expect(await stream.nextEvent()).toBe('id: 2\nevent: tick\ndata: {"n":2,"text":"two\\nlines"}');
    const all = await stream.ended;
    expect(all.startsWith('retry: 3000\n\n')).toBe(true);
  });

  it('closes the upstream connection when the client leaves: the service sees it go', async () => {
    seen.heldClosed = false;
    const stream = await openStream(system.gatewayUrl, '/held');
    expect(await stream.nextEvent()).toBe('data: "hello"');
    // Counted at its head, while it is still open.
    const metrics = String((await system.http.get('/metrics')).body);
    const held = metrics
      .split('\n')
      .find((line) => line.startsWith('mosaic_gateway_requests_total{') && line.includes('route="/held"'));
    expect(held).toContain('status="200"');
    // Heartbeats keep coming while the client stays.
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(seen.heldClosed).toBe(false);
    stream.leave();
    await waitFor(() => seen.heldClosed, { timeoutMs: 2000, what: "the service's onClose" });
  });

  it('keeps streaming past the route timeout once the head came in time', async () => {
    seen.lastSentAt = undefined;
    const started = Date.now();
    const stream = await openStream(system.gatewayUrl, '/late?headAfterMs=100');
    expect(stream.status).toBe(200);
    expect(await stream.nextEvent()).toBe('event: first\ndata: 1');
    expect(await stream.nextEvent()).toBe('event: last\ndata: 2');
    expect(seen.lastSentAt! - started).toBeGreaterThan(ROUTE_TIMEOUT_MS);
    await stream.ended;
  });

  it('answers 504 when the service sends no head within the route timeout', async () => {
    const started = Date.now();
    const stream = await openStream(system.gatewayUrl, `/late?headAfterMs=${4 * ROUTE_TIMEOUT_MS}`);
    expect(stream.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3 * ROUTE_TIMEOUT_MS);
    expect(await stream.ended).toContain(`did not answer within ${ROUTE_TIMEOUT_MS} ms`);
  });

  it("hands the client's Last-Event-ID to the service", async () => {
    const stream = await openStream(system.gatewayUrl, '/resume', { 'last-event-id': '41' });
    expect(await stream.nextEvent()).toBe('data: {"after":"41"}');
    const fresh = await openStream(system.gatewayUrl, '/resume');
    expect(await fresh.nextEvent()).toBe('data: {"after":null}');
  });

  it('lists a stream route in the OpenAPI document as text/event-stream', async () => {
    const document = (await system.http.get('/openapi.json')).body as {
      paths: Record<string, { get: { responses: Record<string, { content?: object }> } }>;
    };
    expect(document.paths['/ticks']?.get.responses['200']?.content).toEqual({ 'text/event-stream': {} });
  });

  // Last: it stops the service.
  it('ends open streams when the service stops, without waiting for them', async () => {
    seen.heldClosed = false;
    const stream = await openStream(system.gatewayUrl, '/held');
    expect(await stream.nextEvent()).toBe('data: "hello"');
    const stopping = Date.now();
    await system.stopService('feed');
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(seen.heldClosed).toBe(true);
    await stream.ended;
  });
});

describe('a closing gateway', { timeout: 5000 }, () => {
  it('ends the streams it relays, and the requests behind them, rather than wait on them', async () => {
    const registry = freshRegistry();
    let serviceSawClose = false;
    const service = await startService(registry, 'feed', (app) => {
      app.get('/feed', (request, reply) => {
        const stream = openEventStream(request);
        stream.onClose(() => {
          serviceSawClose = true;
        });
        stream.send({ data: 'first' });
        const { answer } = stream;
        return reply.code(answer.status).headers(answer.headers).type(answer.contentType!).send(answer.body);
      });
    });
    const gateway = await startGateway({
      registry,
      routes: [{ method: 'GET', path: '/feed', service: 'feed', auth: 'public', stream: true }],
    });
    try {
      const stream = await openStream(gateway.url, '/feed');
      expect(await stream.nextEvent()).toBe('data: "first"');
      const started = Date.now();
      await Promise.race([gateway.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
      expect(Date.now() - started).toBeLessThan(2000);
      await stream.ended;
      await waitFor(() => serviceSawClose, { timeoutMs: 2000, what: 'the service to see the gateway go' });
    } finally {
      await service.close();
      await registry.close();
    }
  });
});

describe('a stream route', () => {
  it.each([
    ['cache', { cache: { key: 'feed' } }],
    ['invalidates', { invalidates: ['feed'] }],
  ])('is refused at start-up with %s', async (what, extra) => {
    const adapters = memoryAdapters();
    const registry = freshRegistry();
    try {
      expect(() =>
        createGateway({
          system: 'news',
          registry,
          vouches: TEST_VOUCHES,
          ...adapters,
          routes: [{ method: 'GET', path: '/feed', service: 'feed', auth: 'public', stream: true, ...extra }],
        }),
      ).toThrow(`gateway route /feed → feed of news: a stream route cannot have ${what}`);
    } finally {
      await adapters.close();
      await registry.close();
    }
  });
});
