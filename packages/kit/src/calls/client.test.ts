// Over 400 lines on purpose: the client's five behaviours share one harness of real upstreams and a registry.
import { context } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRegistry } from '../discovery/memory/memory.ts';
import type { Registry } from '../discovery/registry.ts';
import { runWithWork } from '../observability/context.ts';
import { contextOfTraceparent, traceIdOf } from '../observability/tracing.ts';
import { deadUrl, registerAt, startUpstream, type Upstream } from '../testing/support/upstream.ts';
import { createServiceClient, type ServiceClient, type ServiceClientOptions } from './client.ts';
import {
  BreakerOpenError,
  type CallError,
  NoInstanceError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.ts';
import { jsonResponse, upstreamResponse } from './response.ts';

let registry: Registry;
const upstreams: Upstream[] = [];
const clients: ServiceClient[] = [];

beforeEach(() => {
  registry = createMemoryRegistry();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
  await registry.close();
});

async function upstream(id: string, options: { ready?: boolean; service?: string } = {}): Promise<Upstream> {
  const started = await startUpstream(id);
  upstreams.push(started);
  await registerAt(registry, id, started.url, options);
  return started;
}

async function dead(id: string, service = 'svc'): Promise<void> {
  await registerAt(registry, id, await deadUrl(), { service });
}

function client(options: Partial<ServiceClientOptions> = {}): ServiceClient {
  const created = createServiceClient({ registry, system: 'test', service: 'svc', ...options });
  clients.push(created);
  return created;
}

async function who(c: ServiceClient, request: { method?: string; idempotent?: boolean } = {}): Promise<string> {
  const response = await c.request({ method: request.method ?? 'GET', path: '/echo', ...request });
  return response.json<{ id: string }>().id;
}

describe('service client: discovery and round robin', () => {
  it('alternates between two ready instances', async () => {
    await upstream('a');
    await upstream('b');
    const c = client();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await who(c));
    expect(answers).toEqual(['a', 'b', 'a', 'b']);
  });

  it('never sends to an instance that is registered but not ready', async () => {
    const a = await upstream('a');
    const notReady = await upstream('not-ready', { ready: false });
    const c = client();
    for (let i = 0; i < 4; i++) expect(await who(c)).toBe('a');
    expect(notReady.seen).toHaveLength(0);
    expect(a.seen).toHaveLength(4);
  });

  it('picks up instances registered, made ready or removed after the client was created', async () => {
    const c = client();
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(NoInstanceError);
    const a = await upstream('a', { ready: false });
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(NoInstanceError);
    await registerAt(registry, 'a', a.url, { ready: true });
    expect(await who(c)).toBe('a');
    await registry.deregister('a');
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(NoInstanceError);
  });

  it('throws NoInstanceError naming the service when none is ready', async () => {
    const c = client({ service: 'payment' });
    const error = await c.request({ method: 'GET', path: '/who' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoInstanceError);
    expect((error as Error).message).toContain('payment');
  });

  it('refuses a path without its leading slash, and any call once closed, as rejections, never by throwing', async () => {
    const c = client();
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = c.request({ method: 'GET', path: 'who' });
    }).not.toThrow();
    await expect(pending).rejects.toThrow(/must start with '\/'/);
    c.close();
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toThrow(/was closed/);
  });

  it('offers getJson and postJson shorthands that ask for and send JSON', async () => {
    const a = await upstream('a');
    const c = client();
    expect((await c.getJson('/echo/one')).json<{ method: string }>().method).toBe('GET');
    const posted = await c.postJson('/echo/two', { n: 1 }, { headers: { 'x-extra': '1' } });
    expect(posted.json<{ method: string; body: string }>()).toMatchObject({ method: 'POST', body: '{"n":1}' });
    expect(a.seen[0]!.headers.accept).toBe('application/json');
    expect(a.seen[1]!.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-extra': '1',
    });
  });

  it('sends the path with its query, the headers and a JSON body', async () => {
    const a = await upstream('a');
    const c = client();
    const response = await c.request({
      method: 'post',
      path: '/echo/x?y=1&z=%20',
      headers: { 'X-Custom': 'yes' },
      body: { hello: 'world' },
    });
    expect(response.status).toBe(200);
    const seen = a.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/echo/x?y=1&z=%20');
    expect(seen.headers['x-custom']).toBe('yes');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body!.toString())).toEqual({ hello: 'world' });
  });
});

describe('service client: circuit breaker per instance', () => {
  it('opens the breaker of a dead instance after N failures and sends everything to the live one', async () => {
    await dead('dead');
    const live = await upstream('live');
    const c = client({ breaker: { failures: 3, halfOpenAfterMs: 60_000 }, retry: { attempts: 0 } });
    const outcomes: string[] = [];
    // No retries here, so each call that lands on the dead instance fails and counts once.
    for (let i = 0; i < 6; i++) {
      outcomes.push(await who(c, { method: 'POST' }).catch((e: CallError) => e.code));
    }
    expect(outcomes).toEqual([
      'UPSTREAM_UNREACHABLE',
      'live',
      'UPSTREAM_UNREACHABLE',
      'live',
      'UPSTREAM_UNREACHABLE',
      'live',
    ]);
    expect(c.breakerStates()).toEqual({ dead: 'open', live: 'closed' });
    live.seen.length = 0;
    for (let i = 0; i < 4; i++) expect(await who(c, { method: 'POST' })).toBe('live');
    expect(live.seen).toHaveLength(4);
  });

  it('counts a 5xx as a failure but a 4xx as a success', async () => {
    const a = await upstream('a');
    const c = client({ breaker: { failures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await c.request({ method: 'POST', path: '/status/404' })).status).toBe(404);
    expect(c.breakerStates()).toEqual({ a: 'closed' });
    a.failWith = 503;
    expect((await c.request({ method: 'POST', path: '/echo' })).status).toBe(503);
    expect(c.breakerStates()).toEqual({ a: 'closed' });
    expect((await c.request({ method: 'POST', path: '/echo' })).status).toBe(503);
    expect(c.breakerStates()).toEqual({ a: 'open' });
  });

  it('does not count a 503 with Retry-After (a deliberate answer) as a failure', async () => {
    await upstream('a');
    const c = client({ breaker: { failures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 4; i++) expect((await c.request({ method: 'POST', path: '/unavailable' })).status).toBe(503);
    expect(c.breakerStates()).toEqual({ a: 'closed' });
  });

  it('throws BreakerOpenError with the time until the earliest half-open when every breaker is open', async () => {
    await dead('d1', 'payment');
    await dead('d2', 'payment');
    const c = client({ service: 'payment', breaker: { failures: 1, halfOpenAfterMs: 5_000 }, retry: { attempts: 0 } });
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(UpstreamUnreachableError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(UpstreamUnreachableError);
    const error = await c.request({ method: 'GET', path: '/who' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BreakerOpenError);
    // d1 opened ~200 ms before d2, so it half-opens first.
    expect((error as BreakerOpenError).retryAfterMs).toBeGreaterThan(4_000);
    expect((error as BreakerOpenError).retryAfterMs).toBeLessThanOrEqual(4_820);
    expect((error as Error).message).toContain('payment');
  });

  it('lets one trial call through after halfOpenAfterMs and closes the breaker when it succeeds', async () => {
    const a = await upstream('a');
    const c = client({ breaker: { failures: 2, halfOpenAfterMs: 150 } });
    a.failWith = 502;
    await c.request({ method: 'POST', path: '/echo' });
    await c.request({ method: 'POST', path: '/echo' });
    expect(c.breakerStates()).toEqual({ a: 'open' });
    await expect(c.request({ method: 'POST', path: '/echo' })).rejects.toBeInstanceOf(BreakerOpenError);
    expect(a.seen).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(c.breakerStates()).toEqual({ a: 'half-open' });
    a.failWith = undefined;
    expect((await c.request({ method: 'POST', path: '/echo' })).status).toBe(200);
    expect(c.breakerStates()).toEqual({ a: 'closed' });
  });

  it('opens again when the trial call fails', async () => {
    const a = await upstream('a');
    const c = client({ breaker: { failures: 1, halfOpenAfterMs: 100 } });
    a.failWith = 504;
    await c.request({ method: 'POST', path: '/echo' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await c.request({ method: 'POST', path: '/echo' })).status).toBe(504);
    expect(c.breakerStates()).toEqual({ a: 'open' });
    await expect(c.request({ method: 'POST', path: '/echo' })).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it('never opens on 500s from a few requests: a 500 is not a sign the instance is unwell', async () => {
    const a = await upstream('a');
    const c = client({ breaker: { failures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 19; i++) expect((await c.request({ method: 'GET', path: '/status/500' })).status).toBe(500);
    expect(c.breakerStates()).toEqual({ a: 'closed' });
    expect(a.seen).toHaveLength(19);
  });

  it('opens on a 5xx rate over the minimum number of calls', async () => {
    await upstream('a');
    const c = client({
      breaker: { failures: 100, halfOpenAfterMs: 60_000, errorRate: { threshold: 0.5, window: 10, minimumCalls: 10 } },
    });
    for (let i = 0; i < 5; i++) await c.request({ method: 'GET', path: '/status/200' });
    for (let i = 0; i < 4; i++) await c.request({ method: 'GET', path: '/status/500' });
    // 4 of 9: too few calls yet. 5 of 10: not more than half.
    expect(c.breakerStates()).toEqual({ a: 'closed' });
    await c.request({ method: 'GET', path: '/status/500' });
    expect(c.breakerStates()).toEqual({ a: 'closed' });
    // 6 of the last 10.
    await c.request({ method: 'GET', path: '/status/500' });
    expect(c.breakerStates()).toEqual({ a: 'open' });
    await expect(c.request({ method: 'GET', path: '/who' })).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it('drops the breaker of an instance that leaves the registry', async () => {
    await dead('dead');
    await upstream('live');
    const c = client({ breaker: { failures: 1, halfOpenAfterMs: 60_000 } });
    await who(c, { method: 'POST' }).catch(() => undefined);
    expect(c.breakerStates()).toEqual({ dead: 'open', live: 'closed' });
    await registry.deregister('dead');
    expect(c.breakerStates()).toEqual({ live: 'closed' });
  });
});

describe('service client: deadline', () => {
  it('aborts a slow call with UpstreamTimeoutError at about the timeout', async () => {
    await upstream('slow', { service: 'payment' });
    const c = client({ service: 'payment', timeoutMs: 150 });
    const started = Date.now();
    const error = await c.request({ method: 'GET', path: '/slow?ms=2000' }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toMatch(/payment service did not answer within 150 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(600);
  });

  it('lets a per-request timeout override the client default', async () => {
    await upstream('slow');
    const c = client({ timeoutMs: 5_000 });
    const started = Date.now();
    await expect(c.request({ method: 'GET', path: '/slow?ms=2000', timeoutMs: 100 })).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('sends its deadline as x-mosaic-deadline, with the request id and a child traceparent', async () => {
    const a = await upstream('a');
    const c = client({ timeoutMs: 1_000 });
    const before = Date.now();
    await c.request({ method: 'GET', path: '/echo' });
    const deadline = Number(a.seen[0]!.headers['x-mosaic-deadline']);
    expect(deadline).toBeGreaterThanOrEqual(before + 1_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(a.seen[0]!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const workDeadline = Date.now() + 300;
    await context.with(contextOfTraceparent(parent), () =>
      runWithWork({ requestId: 'req-42', deadline: workDeadline }, () =>
        c.request({ method: 'GET', path: '/echo', headers: { 'x-request-id': 'ignored' } }),
      ),
    );
    const seen = a.seen[1]!.headers;
    expect(seen['x-request-id']).toBe('req-42');
    expect(Number(seen['x-mosaic-deadline'])).toBe(workDeadline);
    expect(traceIdOf(seen.traceparent as string)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(seen.traceparent).not.toBe(parent);
  });

  it("gives up at the current work's deadline when it is nearer than the timeout", async () => {
    await upstream('slow');
    const c = client({ timeoutMs: 5_000 });
    const started = Date.now();
    const error = await runWithWork({ requestId: 'r', deadline: Date.now() + 150 }, () =>
      c.request({ method: 'GET', path: '/slow?ms=2000' }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('does not call at all when the deadline has already passed', async () => {
    const a = await upstream('a');
    const c = client();
    const error = await runWithWork({ requestId: 'r', deadline: Date.now() - 1 }, () =>
      c.request({ method: 'GET', path: '/echo' }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(a.seen).toHaveLength(0);
  });
});

describe('service client: retries', () => {
  it('retries an idempotent GET on another instance when the first is unreachable', async () => {
    await dead('dead');
    const live = await upstream('live');
    const c = client();
    expect(await who(c)).toBe('live');
    expect(live.seen).toHaveLength(1);
  });

  it('retries a POST elsewhere when the connection was refused: the request cannot have had an effect', async () => {
    await dead('dead');
    const live = await upstream('live');
    const c = client();
    expect(await who(c, { method: 'POST' })).toBe('live');
    expect(live.seen).toHaveLength(1);
  });

  it('does not retry a POST whose connection dropped after it was sent', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const c = client();
    await expect(c.request({ method: 'POST', path: '/reset', body: {} })).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
    expect(a.seen.length + b.seen.length).toBe(1);
  });

  it('retries a GET whose connection dropped, once, on the other instance', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const c = client();
    await expect(c.request({ method: 'GET', path: '/reset' })).rejects.toBeInstanceOf(UpstreamUnreachableError);
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toHaveLength(1);
  });

  it('retries a POST marked idempotent after its connection dropped', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const c = client();
    await expect(c.request({ method: 'POST', path: '/reset', idempotent: true })).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
    expect(a.seen.length + b.seen.length).toBe(2);
  });

  it('never retries a 500: the same request would fail again', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    a.failWith = 500;
    b.failWith = 500;
    const c = client({ retry: { attempts: 3 } });
    expect((await c.request({ method: 'GET', path: '/echo' })).status).toBe(500);
    expect(a.seen.length + b.seen.length).toBe(1);
  });

  it('retries an idempotent request once elsewhere after a 502/503/504, and returns the last answer', async () => {
    const bad = await upstream('bad');
    const good = await upstream('good');
    bad.failWith = 503;
    const c = client();
    expect(await who(c, { method: 'PUT' })).toBe('good');
    expect(bad.seen).toHaveLength(1);
    good.failWith = 502;
    bad.seen.length = 0;
    good.seen.length = 0;
    const answer = await c.request({ method: 'GET', path: '/echo' });
    expect([502, 503]).toContain(answer.status);
    expect(bad.seen.length + good.seen.length).toBe(2);
    bad.seen.length = 0;
    good.seen.length = 0;
    expect((await c.request({ method: 'POST', path: '/echo' })).status).toBeGreaterThanOrEqual(502);
    expect(bad.seen.length + good.seen.length).toBe(1);
  });
});

describe('service client: fallback', () => {
  it('answers with the fallback when the call fails, and passes it the error', async () => {
    const c = client();
    let seen: CallError | undefined;
    const response = await c.request(
      { method: 'GET', path: '/who' },
      {
        fallback: (error) => {
          seen = error;
          return jsonResponse(200, { id: 'fallback' });
        },
      },
    );
    expect(seen).toBeInstanceOf(NoInstanceError);
    expect(response.json<{ id: string }>().id).toBe('fallback');
  });

  it('does not use the fallback when the upstream answers, even with an error status', async () => {
    await upstream('a');
    const c = client();
    let used = false;
    const fallback = () => {
      used = true;
      return upstreamResponse('svc', 200, {}, Buffer.alloc(0));
    };
    expect((await c.request({ method: 'POST', path: '/status/500' }, { fallback })).status).toBe(500);
    expect((await c.request({ method: 'GET', path: '/status/404' }, { fallback })).status).toBe(404);
    expect(used).toBe(false);
  });

  it('uses the fallback on a timeout', async () => {
    await upstream('slow');
    const c = client({ timeoutMs: 100 });
    const response = await c.request(
      { method: 'GET', path: '/slow?ms=1000' },
      { fallback: (error) => upstreamResponse('svc', 299, {}, Buffer.from(error.code)) },
    );
    expect(response.status).toBe(299);
    expect(response.body.toString()).toBe('UPSTREAM_TIMEOUT');
  });
});
