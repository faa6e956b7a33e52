// Test support (not exported): real upstream HTTP servers for the calls and gateway tests.
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Instance, Registry } from '../../discovery/registry.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
}

export interface Upstream {
  readonly id: string;
  readonly url: string;
  readonly app: FastifyInstance;
  /** Every request it received, in order. */
  readonly seen: SeenRequest[];
  /** When set, every route except `/slow` answers this status. */
  failWith: number | undefined;
  close(): Promise<void>;
}

/**
 * An upstream instance on an ephemeral port. Routes: `GET /who` → `{ id }`; `/echo*` (any method) → what it
 * received; `GET /slow?ms=` answers after a delay; `/reset` drops the connection after reading the request; `/status/:code` answers that status (with an `x-upstream-id` header and two cookies); `GET /chunked` streams; `GET /bytes?size=` answers that many bytes, 0…255 over and over.
 */
export async function startUpstream(id: string): Promise<Upstream> {
  const app = Fastify({ forceCloseConnections: true });
  const seen: SeenRequest[] = [];
  const upstream: Upstream = {
    id,
    url: '',
    app,
    seen,
    failWith: undefined,
    close: () => app.close(),
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('preHandler', async (request, reply) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      body: request.body as Buffer | undefined,
    });
    if (upstream.failWith !== undefined && !request.url.startsWith('/slow')) {
      return reply.code(upstream.failWith).send({ id, failed: true });
    }
  });
  app.get('/who', async () => ({ id }));
  // An instance that dies mid-request: it read the request, then the connection drops without an answer.
  app.all('/reset', async (request) => {
    request.raw.socket.destroy();
  });
  // An instance shedding load on purpose: it is alive and says when to come back.
  app.all('/unavailable', async (_request, reply) => reply.code(503).header('retry-after', '5').send({ id }));
  const echo = async (request: { method: string; url: string; headers: object; body: unknown }) => ({
    id,
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: Buffer.isBuffer(request.body) ? request.body.toString('utf8') : null,
  });
  app.all('/echo', echo);
  app.all('/echo/*', echo);
  app.get<{ Querystring: { ms?: string } }>('/slow', async (request) => {
    await new Promise((resolve) => setTimeout(resolve, Number(request.query.ms ?? 1000)));
    return { id, slow: true };
  });
  app.all<{ Params: { code: string } }>('/status/:code', async (request, reply) =>
    reply
      .code(Number(request.params.code))
      .header('x-upstream-id', id)
      .header('set-cookie', ['a=1; Path=/', 'b=2; Path=/'])
      .send({ id, status: Number(request.params.code) }),
  );
  app.get<{ Querystring: { size?: string } }>('/bytes', async (request, reply) =>
    reply.type('application/octet-stream').send(countingBytes(Number(request.query.size ?? 0))),
  );
  // Streamed, so chunked, and with a header its Connection header marks as hop-by-hop.
  app.get('/chunked', async (_request, reply) =>
    reply
      .header('x-hop', 'secret')
      .header('connection', 'x-hop')
      .send(Readable.from(['part1-', 'part2'])),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('upstream did not get a TCP port');
  return Object.assign(upstream, { url: `http://127.0.0.1:${address.port}` });
}

/** `size` bytes counting 0…255 and round again: every byte value, in an order a truncation or shift would break. */
export function countingBytes(size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
}

/** A URL where nothing listens: a port that was just in use and is now closed (connection refused). */
export async function deadUrl(): Promise<string> {
  const app = Fastify();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  await app.close();
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return `http://127.0.0.1:${address.port}`;
}

export async function registerAt(
  registry: Registry,
  id: string,
  url: string,
  options: { system?: string; service?: string; ready?: boolean } = {},
): Promise<Instance> {
  const instance: Instance = {
    id,
    system: options.system ?? 'test',
    service: options.service ?? 'svc',
    url,
    ready: options.ready ?? true,
  };
  await registry.register(instance);
  return instance;
}
