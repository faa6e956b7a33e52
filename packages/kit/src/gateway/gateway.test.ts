// Over 400 lines on purpose: the pipeline end to end (pass-through, ids, problems, own endpoints, CORS) on one harness.
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Client, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRegistry } from '../discovery/memory/memory.ts';
import type { Registry } from '../discovery/registry.ts';
import { traceIdOf } from '../observability/tracing.ts';
import { countingBytes, deadUrl, registerAt, startUpstream, type Upstream } from '../testing/support/upstream.ts';
import { createGateway, type GatewayOptions } from './gateway.ts';
import type { GatewayRoute } from './route.ts';
import { memoryAdapters, TEST_VOUCHES } from './test-support.ts';

const ROUTES: readonly GatewayRoute[] = [
  { method: '*', path: '/echo/**', service: 'order', auth: 'public' },
  { method: ['GET', 'PUT'], path: '/status/:code', service: 'order', auth: 'public' },
  { method: 'GET', path: '/who', service: 'order', auth: 'public' },
  { method: 'GET', path: '/chunked', service: 'order', auth: 'public' },
  { method: 'GET', path: '/bytes', service: 'order', auth: 'public' },
  { method: 'GET', path: '/slow', service: 'kitchen', auth: 'public', timeoutMs: 400 },
  { method: ['GET', 'POST'], path: '/pay/**', service: 'payment', auth: 'public' },
  { method: 'GET', path: '/ghost', service: 'ghost', auth: 'public' },
];

let registry: Registry;
let adapters: ReturnType<typeof memoryAdapters>;
let gateway: FastifyInstance | undefined;
let base = '';
const upstreams: Upstream[] = [];

beforeEach(() => {
  registry = createMemoryRegistry();
  adapters = memoryAdapters();
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await adapters.close();
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
  await registry.close();
});

async function upstream(id: string, service: string): Promise<Upstream> {
  const started = await startUpstream(id);
  upstreams.push(started);
  await registerAt(registry, id, started.url, { system: 'shop', service });
  return started;
}

async function startGateway(options: Partial<GatewayOptions> = {}): Promise<void> {
  const { cache, limiter, revocations } = adapters;
  gateway = createGateway({
    system: 'shop',
    routes: ROUTES,
    registry,
    vouches: TEST_VOUCHES,
    cache,
    limiter,
    revocations,
    ...options,
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const address = gateway.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
}

async function call(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string } = {},
) {
  const response = await request(`${base}${path}`, {
    method,
    headers: options.headers ?? {},
    body: options.body ?? null,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return {
    status: response.statusCode,
    headers: response.headers,
    body,
    json: () => JSON.parse(body.toString()) as Record<string, unknown>,
  };
}

/**
 * GETs sent pipelined in one write on one raw connection (the last asks to close it), and the answers read
 * back by their Content-Length: what a client that pipelines sees, with nothing in between to reorder.
 */
async function pipelined(url: string, paths: string[]): Promise<{ status: number; body: Buffer }[]> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const last = paths.length - 1;
  // Written, not ended: a client that half-closes gets its pipelined requests dropped by node:http.
  socket.write(
    paths
      .map((path, i) => `GET ${path} HTTP/1.1\r\nhost: ${hostname}${i === last ? '\r\nconnection: close' : ''}\r\n\r\n`)
      .join(''),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  let rest = Buffer.concat(chunks);
  const answers: { status: number; body: Buffer }[] = [];
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) throw new Error(`an answer without the end of its head: ${rest.toString('latin1', 0, 200)}`);
    const head = rest.toString('latin1', 0, headEnd);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (!Number.isInteger(length)) throw new Error(`an answer without a Content-Length: ${head}`);
    answers.push({ status: Number(head.slice(9, 12)), body: rest.subarray(headEnd + 4, headEnd + 4 + length) });
    rest = rest.subarray(headEnd + 4 + length);
  }
  return answers;
}

/** The value of the one sample of `name` carrying all of `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((pair) => l.slice(0, l.indexOf('}')).includes(pair)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function expectProblem(response: Awaited<ReturnType<typeof call>>, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
  const problem = response.json();
  expect(problem).toMatchObject({
    type: `urn:mosaic:problem:${type}`,
    status,
    requestId: response.headers['x-request-id'],
  });
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  return problem as { detail: string; instance?: string };
}

describe('gateway: passing requests through', () => {
  it('forwards method, path, query, headers and body unchanged and returns the upstream answer', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const response = await call('POST', '/echo/a/b?x=1&y=%20z', {
      headers: { 'content-type': 'application/json', 'x-custom': 'kept' },
      body: '{"qty":2}',
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ id: 'o1', method: 'POST', url: '/echo/a/b?x=1&y=%20z', body: '{"qty":2}' });
    const seen = order.seen[0]!;
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers.host).toBe(new URL(order.url).host);
    expect(seen.headers['x-forwarded-host']).toBe(new URL(base).host);
  });

  it("passes the upstream's status, headers (cookies included) and body back", async () => {
    await upstream('o1', 'order');
    await startGateway();
    const response = await call('PUT', '/status/418');
    expect(response.status).toBe(418);
    expect(response.headers['x-upstream-id']).toBe('o1');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ id: 'o1', status: 418 });
  });

  it('answers HEAD on a GET route with the headers of the GET and no body', async () => {
    await upstream('o1', 'order');
    await startGateway();
    const get = await call('GET', '/status/200');
    const head = await call('HEAD', '/status/200');
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(head.headers['content-length']).toBe(String(get.body.length));
    expect(head.headers['x-upstream-id']).toBe('o1');
  });

  // The answer is written in one syscall for small bodies and the ordinary way for large ones (handler.ts):
  // every size on either side of that line, and problems, must arrive whole on a connection kept alive.
  const SIZES = [0, 1, 255, 16_384, 16_385, 200_000];

  it('answers bodies of every size byte for byte, one after another on one kept-alive connection', async () => {
    await upstream('o1', 'order');
    await startGateway();
    const connection = new Client(base);
    try {
      for (const size of SIZES) {
        const response = await connection.request({ method: 'GET', path: `/bytes?size=${size}` });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-length']).toBe(String(size));
        expect(Buffer.from(await response.body.arrayBuffer()).equals(countingBytes(size))).toBe(true);
        const problem = await connection.request({ method: 'GET', path: '/nowhere' });
        expect(problem.statusCode).toBe(404);
        expect(((await problem.body.json()) as { status: number }).status).toBe(404);
      }
    } finally {
      await connection.close();
    }
  });

  it('answers pipelined requests in order and whole, whichever upstream answer comes back first', async () => {
    await upstream('o1', 'order');
    await upstream('k1', 'kitchen');
    await startGateway();
    // All sent in one write; the slow one first, so the answers after it are decided before their turn comes.
    const paths = ['/slow?ms=100', ...SIZES.map((size) => `/bytes?size=${size}`), '/nowhere'];
    const responses = await pipelined(base, paths);
    expect(responses.map((r) => r.status)).toEqual([200, ...SIZES.map(() => 200), 404]);
    expect(JSON.parse(responses[0]!.body.toString())).toEqual({ id: 'k1', slow: true });
    expect(responses.slice(1, -1).map((r) => r.body)).toEqual(SIZES.map((size) => countingBytes(size)));
    expect(JSON.parse(responses.at(-1)!.body.toString())).toMatchObject({ status: 404 });
  });

  it('passes an upstream 5xx through as it is', async () => {
    await upstream('o1', 'order');
    await startGateway();
    const response = await call('GET', '/status/500');
    expect(response.status).toBe(500);
    expect(response.json()).toEqual({ id: 'o1', status: 500 });
  });

  it('forwards a malformed JSON body as bytes instead of failing on it', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const response = await call('POST', '/echo', {
      headers: { 'content-type': 'application/json' },
      body: '{"broken": ',
    });
    expect(response.status).toBe(200);
    expect(order.seen[0]!.body?.toString()).toBe('{"broken": ');
  });

  it('forwards a binary body byte for byte', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0xfe]);
    const response = await call('PUT', '/echo/blob', {
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(order.seen[0]!.body).toEqual(bytes);
  });

  it('does not forward hop-by-hop headers, including those the Connection header names', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/echo`, {
        method: 'GET',
        headers: { connection: 'keep-alive, x-hop', 'x-hop': 'secret', 'keep-alive': 'timeout=5', 'x-end': 'kept' },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const seen = order.seen[0]!.headers;
    expect(seen['x-end']).toBe('kept');
    expect(seen['x-hop']).toBeUndefined();
    expect(seen['keep-alive']).toBeUndefined();
  });

  it('does not pass back hop-by-hop headers of the upstream answer', async () => {
    await upstream('o1', 'order');
    await startGateway();
    const response = await call('GET', '/chunked');
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('part1-part2');
    expect(response.headers['x-hop']).toBeUndefined();
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBe('11');
  });

  it('spreads requests over the instances of a service in turn', async () => {
    await upstream('o1', 'order');
    await upstream('o2', 'order');
    await startGateway();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await call('GET', '/who')).json().id);
    expect(ids).toEqual(['o1', 'o2', 'o1', 'o2']);
  });

  it('routes a ** route for its prefix itself and anything below, but not for a longer name', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    expect((await call('GET', '/echo')).status).toBe(200);
    expect((await call('DELETE', '/echo/x/y/z')).status).toBe(200);
    expect(order.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /echo', 'DELETE /echo/x/y/z']);
    expectProblem(await call('GET', '/echoes'), 404, 'route-not-found');
  });
});

describe('gateway: request id and trace', () => {
  it('keeps a sane incoming request id, echoes it and sends it upstream', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const response = await call('GET', '/who', { headers: { 'x-request-id': 'client-1.a_B' } });
    expect(response.headers['x-request-id']).toBe('client-1.a_B');
    expect(order.seen[0]!.headers['x-request-id']).toBe('client-1.a_B');
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['with spaces and quotes', 'a "b" c'],
  ])('replaces an incoming request id that is %s with a new uuid', async (_why, incoming) => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const response = await call('GET', '/who', { headers: { 'x-request-id': incoming } });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(order.seen[0]!.headers['x-request-id']).toBe(id);
  });

  it('gives a request without one a new id, also on errors', async () => {
    await startGateway();
    const response = await call('GET', '/nope');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json().requestId).toBe(response.headers['x-request-id']);
  });

  it('continues the W3C trace upstream with a new span, and sends a deadline', async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ defaultTimeoutMs: 1_000 });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const before = Date.now();
    await call('GET', '/who', { headers: { traceparent } });
    const seen = order.seen[0]!.headers;
    expect(traceIdOf(seen.traceparent as string)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(seen.traceparent).not.toBe(traceparent);
    const deadline = Number(seen['x-mosaic-deadline']);
    expect(deadline).toBeGreaterThanOrEqual(before + 1_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('does not let a client stretch the deadline sent upstream', async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ defaultTimeoutMs: 1_000 });
    await call('GET', '/who', { headers: { 'x-mosaic-deadline': String(Date.now() + 3_600_000) } });
    expect(Number(order.seen[0]!.headers['x-mosaic-deadline'])).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});

describe('gateway: errors as problems', () => {
  it('answers 404 for a path no route has', async () => {
    await startGateway();
    const problem = expectProblem(await call('GET', '/nowhere?secret=1'), 404, 'route-not-found');
    expect(problem.instance).toBe('/nowhere');
    expect(problem.detail).toContain('GET /nowhere');
  });

  it('answers 405 with Allow when the path is routed but the method is not', async () => {
    await upstream('o1', 'order');
    await startGateway();
    const response = await call('DELETE', '/status/200');
    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.allow).toBe('GET, HEAD, PUT');
  });

  it('answers 503 when the service has no ready instance', async () => {
    await upstream('g1', 'other');
    await registerAt(registry, 'ghost-1', 'http://127.0.0.1:1', { system: 'shop', service: 'ghost', ready: false });
    await startGateway();
    const problem = expectProblem(await call('GET', '/ghost'), 503, 'no-instance');
    expect(problem.detail).toContain('ghost service');
  });

  it('answers 502 when the instance cannot be reached, without revealing its address', async () => {
    const url = await deadUrl();
    await registerAt(registry, 'p1', url, { system: 'shop', service: 'payment' });
    await startGateway();
    const problem = expectProblem(await call('POST', '/pay/now', { body: '{}' }), 502, 'upstream-unreachable');
    expect(problem.detail).toContain('payment service');
    expect(problem.detail).not.toContain(new URL(url).port);
  });

  it("never lets one client's failing requests open a breaker for everyone, nor retries them", async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ breaker: { failures: 2, halfOpenAfterMs: 60_000 } });
    // A request whose input makes the service fail: a few of them say nothing about the instance.
    for (let i = 0; i < 10; i++) expect((await call('GET', '/status/500')).status).toBe(500);
    expect(order.seen).toHaveLength(10);
    expect((await call('GET', '/who')).status).toBe(200);
  });

  it('answers 503 with Retry-After once every instance breaker is open', async () => {
    await registerAt(registry, 'p1', await deadUrl(), { system: 'shop', service: 'payment' });
    await registerAt(registry, 'p2', await deadUrl(), { system: 'shop', service: 'payment' });
    await startGateway({ breaker: { failures: 2, halfOpenAfterMs: 5_000 } });
    // A refused connection cannot have had an effect, so even a POST tries the other instance: each call
    // counts one failure on both.
    for (let i = 0; i < 2; i++) expect((await call('POST', '/pay/now')).status).toBe(502);
    const response = await call('POST', '/pay/now');
    const problem = expectProblem(response, 503, 'circuit-open');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(4);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(5);
    expect(problem.detail).toContain('payment service');
  });

  it('answers 504 at about the route timeout when the service is too slow', async () => {
    await upstream('k1', 'kitchen');
    await startGateway();
    const started = Date.now();
    const response = await call('GET', '/slow?ms=2000');
    const elapsed = Date.now() - started;
    const problem = expectProblem(response, 504, 'upstream-timeout');
    expect(problem.detail).toContain('kitchen service did not answer within 400 ms');
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('answers 413, not 500, for a body larger than the limit', async () => {
    await upstream('o1', 'order');
    await startGateway({ bodyLimitBytes: 100 });
    expectProblem(await call('POST', '/echo', { body: 'x'.repeat(1_000) }), 413, 'body-too-large');
  });

  it('answers 413 for a chunked body that grows past the limit, and goes on serving', async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ bodyLimitBytes: 1_000 });
    // A stream of unknown length goes out chunked: the size is only known while reading.
    const body = Readable.from(Array.from({ length: 20 }, () => Buffer.alloc(200, 120)));
    const response = await request(`${base}/echo`, { method: 'POST', body });
    expect(response.statusCode).toBe(413);
    expect((await response.body.json()) as object).toMatchObject({ type: 'urn:mosaic:problem:body-too-large' });
    expect(order.seen).toHaveLength(0);
    expect((await call('POST', '/echo', { body: 'small' })).status).toBe(200);
  });

  it('goes on serving when a client leaves halfway through its body, and forwards nothing of it', async () => {
    const order = await upstream('o1', 'order');
    await startGateway();
    const { port } = new URL(base);
    await new Promise<void>((resolve, reject) => {
      const half = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/echo/half',
        headers: { 'content-length': '1000' },
      });
      half.on('error', () => resolve()); // the destroyed request reports its own socket hang-up
      half.write('x'.repeat(100), () => {
        half.destroy();
        setTimeout(resolve, 100);
      });
      half.on('response', () => reject(new Error('a request cut halfway through its body got an answer')));
    });
    expect((await call('GET', '/echo/after')).status).toBe(200);
    expect(order.seen.map((s) => s.url)).toEqual(['/echo/after']);
  });

  it('behind a trusted balancer, takes the client address and scheme from X-Forwarded-*', async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ trustProxy: ['127.0.0.1'], limits: { perIp: { max: 1, windowMs: 60_000, blockMs: 60_000 } } });
    const from = (client: string) => ({ 'x-forwarded-for': client, 'x-forwarded-proto': 'https' });
    expect((await call('GET', '/echo/a', { headers: from('203.0.113.9') })).status).toBe(200);
    // Another client behind the same balancer has its own count; the first one is over its limit.
    expect((await call('GET', '/echo/b', { headers: from('203.0.113.10') })).status).toBe(200);
    expect((await call('GET', '/echo/c', { headers: from('203.0.113.9') })).status).toBe(429);
    const seen = order.seen[0]!;
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
  });

  it('without trustProxy, counts the connection address whatever X-Forwarded-For says', async () => {
    await upstream('o1', 'order');
    await startGateway({ limits: { perIp: { max: 1, windowMs: 60_000, blockMs: 60_000 } } });
    expect((await call('GET', '/echo/a', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
    expect((await call('GET', '/echo/b', { headers: { 'x-forwarded-for': '203.0.113.10' } })).status).toBe(429);
  });

  it('finishes a request in flight when it is closed, then stops taking new ones', async () => {
    await upstream('k1', 'kitchen');
    await startGateway();
    const slow = call('GET', '/slow?ms=100');
    await new Promise((resolve) => setTimeout(resolve, 30)); // the request is at the upstream now
    const closing = gateway!.close();
    expect((await slow).status).toBe(200);
    await closing;
    gateway = undefined;
    await expect(call('GET', '/slow?ms=1')).rejects.toThrow();
  });

  it('closes at once beside a connection that never sent a request (a spare a client opened)', async () => {
    await startGateway();
    const { port } = gateway!.server.address() as AddressInfo;
    const spare = connect(port, '127.0.0.1');
    await new Promise((resolve) => spare.once('connect', resolve));
    const closed = new Promise((resolve) => spare.once('close', resolve));
    const started = Date.now();
    await gateway!.close();
    gateway = undefined;
    await closed;
    // Node alone would wait for the spare's header timeout (a minute) before the close resolved.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 400, not 500, for a path with broken percent-encoding', async () => {
    await startGateway();
    expectProblem(await call('GET', '/echo/%zz'), 400, 'bad-path');
  });
});

describe('gateway: its own endpoints', () => {
  it('serves /livez and /readyz', async () => {
    await startGateway();
    expect((await call('GET', '/livez')).status).toBe(200);
    expect((await call('GET', '/readyz')).status).toBe(200);
  });

  it('keeps /livez, /readyz and /metrics even when a route covers every path', async () => {
    const order = await upstream('o1', 'order');
    await startGateway({ routes: [{ method: '*', path: '/**', service: 'order', auth: 'public' }] });
    expect((await call('GET', '/livez')).json()).toEqual({ status: 'live' });
    expect((await call('GET', '/metrics')).headers['content-type']).toMatch(/^text\/plain/);
    expect(order.seen).toHaveLength(0);
    await call('GET', '/livez/deeper');
    expect(order.seen.map((s) => s.url)).toEqual(['/livez/deeper']);
  });

  it('refuses a route table that declares one of its endpoints', () => {
    expect(() =>
      createGateway({
        system: 'shop',
        registry,
        vouches: TEST_VOUCHES,
        cache: adapters.cache,
        limiter: adapters.limiter,
        revocations: adapters.revocations,
        routes: [{ method: 'GET', path: '/metrics', service: 'order', auth: 'public' }],
      }),
    ).toThrow(/collides with the gateway's own \/metrics/);
  });

  it('counts requests per route and status, and shows breaker state per instance, in /metrics', async () => {
    await upstream('o1', 'order');
    await registerAt(registry, 'p1', await deadUrl(), { system: 'shop', service: 'payment' });
    await startGateway({ breaker: { failures: 1, halfOpenAfterMs: 60_000 } });
    await call('GET', '/echo/1');
    await call('GET', '/echo/2');
    await call('GET', '/nope');
    await call('POST', '/pay/x');
    const text = (await call('GET', '/metrics')).body.toString();
    const echo = { route: '/echo/**', method: 'GET', status: '200', system: 'shop' };
    expect(sample(text, 'mosaic_gateway_requests_total', echo)).toBe(2);
    expect(sample(text, 'mosaic_gateway_request_duration_seconds_count', echo)).toBe(2);
    const unmatched = { route: '(unmatched)', method: 'GET', status: '404' };
    expect(sample(text, 'mosaic_gateway_requests_total', unmatched)).toBe(1);
    const pay = { route: '/pay/**', method: 'POST', status: '502' };
    expect(sample(text, 'mosaic_gateway_request_duration_seconds_count', pay)).toBe(1);
    expect(sample(text, 'mosaic_gateway_breaker_state', { service: 'payment', instance: 'p1' })).toBe(2);
    expect(sample(text, 'mosaic_gateway_breaker_state', { service: 'order', instance: 'o1' })).toBe(0);
    expect(text).not.toContain('route="/metrics"');
  });
});

describe('gateway: CORS', () => {
  it('answers a preflight from an allowed origin and marks answers for it', async () => {
    await upstream('o1', 'order');
    await startGateway({ cors: { origins: ['https://app.test'] } });
    const preflight = await call('OPTIONS', '/echo', {
      headers: {
        origin: 'https://app.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.test');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');

    const answer = await call('GET', '/who', { headers: { origin: 'https://app.test' } });
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.test');
    expect(answer.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('refuses a preflight from another origin and gives it no CORS headers', async () => {
    await upstream('o1', 'order');
    await startGateway({ cors: { origins: ['https://app.test'] } });
    const preflight = await call('OPTIONS', '/echo', {
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    expectProblem(preflight, 403, 'origin-not-allowed');
    const answer = await call('GET', '/who', { headers: { origin: 'https://evil.test' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});
