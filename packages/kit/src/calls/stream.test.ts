// The client's streamed calls (`openStream`) against real sockets: what the deadline covers, what a retry may
// do, and that the caller's end of the body is the upstream's end of the request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRegistry } from '../discovery/memory/memory.ts';
import type { Registry } from '../discovery/registry.ts';
import { deadUrl, registerAt } from '../testing/support/upstream.ts';
import { waitFor } from '../testing/wait.ts';
import { createServiceClient, type ServiceClient } from './client.ts';
import { NoInstanceError, UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';

interface Streamer {
  readonly url: string;
  /** Requests by path, with their headers, and whether the client went away before the answer ended. */
  readonly seen: { path: string; headers: IncomingMessage['headers']; leftEarly: boolean }[];
  /** When the second chunk of `/two` went out. */
  secondSentAt: number | undefined;
  /** Bytes `/flood` has handed to its socket so far. */
  flooded: number;
  close(): Promise<void>;
}

let registry: Registry;
const servers: Server[] = [];
const clients: ServiceClient[] = [];

beforeEach(() => {
  registry = createMemoryRegistry();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await registry.close();
});

/**
 * An instance on node:http: `/two` sends a chunk, another 700 ms later, then ends; `/open` sends a chunk and
 * stays open; `/silent` never answers; `/reset` drops the connection once it has the request.
 */
async function streamer(id: string): Promise<Streamer> {
  const state: Streamer = { url: '', seen: [], secondSentAt: undefined, flooded: 0, close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record = { path: req.url ?? '', headers: req.headers, leftEarly: false };
    state.seen.push(record);
    res.on('close', () => {
      record.leftEarly = !res.writableFinished;
    });
    if (req.url === '/reset') return req.socket.destroy();
    if (req.url === '/silent') return;
    if (req.url === '/flood') return flood(res, state);
    res.writeHead(200, { 'content-type': 'text/plain', 'x-instance': id });
    res.write('one;');
    if (req.url === '/two') {
      setTimeout(() => {
        state.secondSentAt = Date.now();
        res.end('two;');
      }, 700);
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await registerAt(registry, id, url);
  return Object.assign(state, { url });
}

const FLOOD_CHUNK = Buffer.alloc(64 * 1024, 'x');
const FLOOD_MAX = 64 * 1024 * 1024;

/** Writes as fast as the socket takes it, up to FLOOD_MAX bytes: how far it gets says whether anyone pushed back. */
function flood(res: ServerResponse, state: Streamer): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const more = () => {
    while (state.flooded < FLOOD_MAX && !res.destroyed) {
      state.flooded += FLOOD_CHUNK.length;
      if (!res.write(FLOOD_CHUNK)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
}

function client(timeoutMs = 1000): ServiceClient {
  const created = createServiceClient({ registry, system: 'test', service: 'svc', timeoutMs });
  clients.push(created);
  return created;
}

async function collect(body: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
}

describe('service client: openStream', { timeout: 5000 }, () => {
  it('resolves at the head and hands over each chunk as it comes, past the timeout', async () => {
    const upstream = await streamer('a');
    const started = Date.now();
    const response = await client(400).openStream({ method: 'GET', path: '/two' });
    expect(response.status).toBe(200);
    expect(response.headers['x-instance']).toBe('a');
    const first = await new Promise<string>((resolve) => response.body.once('data', (c) => resolve(String(c))));
    expect(first).toBe('one;');
    expect(upstream.secondSentAt).toBeUndefined();
    expect(await collect(response.body)).toBe('two;');
    // The answer ended after the call's 400 ms timeout and was not cut by it.
    expect(upstream.secondSentAt! - started).toBeGreaterThan(400);
  });

  it('times out when no head comes within the deadline, and aborts the request', async () => {
    const upstream = await streamer('a');
    const started = Date.now();
    await expect(client(150).openStream({ method: 'GET', path: '/silent' })).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => upstream.seen[0]?.leftEarly, { timeoutMs: 2000, what: 'the instance to see the request go' });
  });

  it('aborts the upstream request when the caller destroys the body', async () => {
    const upstream = await streamer('a');
    const response = await client().openStream({ method: 'GET', path: '/open' });
    await new Promise((resolve) => response.body.once('data', resolve));
    expect(upstream.seen[0]?.leftEarly).toBe(false);
    response.body.destroy();
    await waitFor(() => upstream.seen[0]?.leftEarly, { timeoutMs: 2000, what: 'the instance to see its client go' });
  });

  it('stops reading the socket while the caller does not read the body', async () => {
    const upstream = await streamer('a');
    const response = await client().openStream({ method: 'GET', path: '/flood' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stalledAt = upstream.flooded;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Kernel buffers and the body's high-water mark hold a few MB at most; without pushing back, all of it.
    expect(upstream.flooded).toBe(stalledAt);
    expect(stalledAt).toBeLessThan(FLOOD_MAX / 4);
    response.body.destroy();
  });

  it('carries the request id but no deadline downstream: the stream outlives it', async () => {
    const upstream = await streamer('a');
    const response = await client().openStream({ method: 'GET', path: '/two' });
    await collect(response.body);
    expect(upstream.seen[0]?.headers['x-request-id']).toEqual(expect.any(String));
    expect(upstream.seen[0]?.headers['x-mosaic-deadline']).toBeUndefined();
  });

  it('tries another instance when the first refused the connection', async () => {
    await registerAt(registry, 'dead', await deadUrl());
    await streamer('b');
    const c = client();
    for (let i = 0; i < 2; i++) {
      const response = await c.openStream({ method: 'GET', path: '/two' });
      expect(response.headers['x-instance']).toBe('b');
      await collect(response.body);
    }
  });

  it('is not sent again once an instance had it, even for a GET', async () => {
    const first = await streamer('a');
    const second = await streamer('b');
    const c = client();
    await expect(c.openStream({ method: 'GET', path: '/reset' })).rejects.toMatchObject({
      constructor: UpstreamUnreachableError,
      requestSent: true,
    });
    expect(first.seen.length + second.seen.length).toBe(1);
  });

  it('rejects with NoInstanceError when no instance is ready', async () => {
    await expect(client().openStream({ method: 'GET', path: '/two' })).rejects.toBeInstanceOf(NoInstanceError);
  });
});
