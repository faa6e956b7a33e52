import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { waitFor } from '../testing/wait.ts';
import { endpointsOf } from './endpoint.ts';
import { registerEndpoints } from './endpoint-routes.ts';
import { type EventStream, openEventStream } from './event-stream.ts';
import { createHttpApp } from './http-app.ts';

const endpoint = endpointsOf<undefined>();
let app: FastifyInstance | undefined;
/** The stream the last request opened. */
let opened: EventStream | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  opened = undefined;
});

/** A service (the kit's HTTP app and endpoint routes) whose `GET /events` opens a stream with these options. */
async function serve(options: { heartbeatMs?: number } = {}): Promise<string> {
  app = createHttpApp({ logger: silentLogger() });
  const events = endpoint({
    method: 'GET',
    path: '/events',
    summary: 'an event stream',
    gateway: { auth: 'public', stream: true },
    handle: (_ctx, { http }) => {
      opened = openEventStream(http, options);
      return opened.answer;
    },
  });
  await registerEndpoints(app, [events], undefined);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}/events`;
}

/** Opens the stream and collects its text as it arrives. */
async function listen(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  const received = { text: '', ended: false };
  response.body.setEncoding('utf8');
  response.body.on('data', (chunk: string) => {
    received.text += chunk;
  });
  response.body.on('end', () => {
    received.ended = true;
  });
  response.body.on('error', () => {});
  return { response, received };
}

describe('openEventStream', { timeout: 5000 }, () => {
  it('answers 200 text/event-stream, uncached, unbuffered, on a connection of its own', async () => {
    const { response, received } = await listen(await serve());
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'close',
    });
    expect(response.headers['content-length']).toBeUndefined();
    await waitFor(() => received.text === 'retry: 3000\n\n', { what: 'the retry line, before any event' });
    opened!.close();
    await waitFor(() => received.ended, { what: 'the end of the stream' });
  });

  it('sends events as id, event and JSON data lines, and refuses a field that would break one', async () => {
    const { received } = await listen(await serve());
    await waitFor(() => opened);
    const stream = opened!;
    expect(stream.send({ id: '7', event: 'order', data: { line: 'a\nb', n: 1 } })).toBe(true);
    expect(stream.send({ data: 'plain' })).toBe(true);
    expect(() => stream.send({ id: '8\nevent: forged', data: 1 })).toThrow(TypeError);
    expect(() => stream.send({ event: 'a\rb', data: 1 })).toThrow(TypeError);
    expect(() => stream.send({ data: undefined })).toThrow(TypeError);
    stream.close();
    expect(stream.send({ data: 'late' })).toBe(false);
    await waitFor(() => received.ended, { what: 'the end of the stream' });
    expect(received.text).toBe('retry: 3000\n\nid: 7\nevent: order\ndata: {"line":"a\\nb","n":1}\n\ndata: "plain"\n\n');
  });

  it('sends a comment line as a heartbeat while nothing else goes out', async () => {
    const { received } = await listen(await serve({ heartbeatMs: 30 }));
    await waitFor(() => received.text.split(': keep-alive\n\n').length > 3, { what: 'three heartbeats' });
    opened!.close();
  });

  it('runs onClose and stops its heartbeat when the client goes away', async () => {
    const timers = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const { response } = await listen(await serve({ heartbeatMs: 20 }));
    await waitFor(() => opened);
    const stream = opened!;
    const heartbeat = timers.mock.results[timers.mock.calls.findIndex((call) => call[1] === 20)]?.value;
    timers.mockRestore();
    expect(heartbeat).toBeDefined();
    const closes: string[] = [];
    stream.onClose(() => closes.push('first'));
    stream.onClose(() => {
      throw new Error('a failing listener does not stop the others');
    });
    stream.onClose(() => closes.push('third'));
    response.body.destroy();
    await waitFor(() => stream.closed, { what: 'the stream to notice its client left' });
    expect(closes).toEqual(['first', 'third']);
    expect(cleared).toHaveBeenCalledWith(heartbeat);
    cleared.mockRestore();
    expect(stream.send({ data: 1 })).toBe(false);
    stream.onClose(() => closes.push('late'));
    expect(closes).toEqual(['first', 'third', 'late']);
  });

  it('answers HEAD with the head alone, and ends at once', async () => {
    const response = await request(await serve(), { method: 'HEAD' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    // Ended as it opened, not when its connection went.
    expect(opened?.closed).toBe(true);
    await response.body.dump();
  });

  it('hands over the Last-Event-ID the client reconnected with', async () => {
    const url = await serve();
    await listen(url, { 'last-event-id': '41' });
    await waitFor(() => opened);
    expect(opened!.lastEventId).toBe('41');
    opened!.close();
    opened = undefined;
    await listen(url);
    await waitFor(() => opened);
    expect(opened!.lastEventId).toBeUndefined();
    opened!.close();
  });

  it('is ended when the service closes, which then does not wait on it', async () => {
    const { received } = await listen(await serve());
    await waitFor(() => opened);
    const started = Date.now();
    const closing = app!.close();
    app = undefined;
    // Raced, so a close that waits on the stream fails here rather than at the test's timeout.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000))]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(opened!.closed).toBe(true);
    await waitFor(() => received.ended, { what: 'the client to see the end' });
  });
});
