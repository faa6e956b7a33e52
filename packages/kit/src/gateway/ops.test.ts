import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../discovery/registry.ts';
import { traceIdOf } from '../observability/tracing.ts';
import type { GatewayRoute } from './route.ts';
import {
  AUDIENCE,
  call,
  freshRegistry,
  ISSUER,
  outingRoutes,
  type Service,
  type SigningKey,
  signingKey,
  startGateway,
  startService,
  type TestGateway,
  token,
} from './test-support.ts';

const ROUTES: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/outings/:id',
    service: 'outing',
    auth: ['student'],
    summary: 'One outing',
    schema: {
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^o' } } },
      querystring: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] },
    },
    cache: { key: 'outings.:id', private: true },
  },
  {
    method: 'POST',
    path: '/outings',
    service: 'outing',
    schema: { body: { type: 'object', properties: { reason: { type: 'string' } } } },
  },
  { method: '*', path: '/open/**', service: 'outing', auth: 'public' },
];

/** What these tests read of the gateway's OpenAPI document. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
}

interface OpenApiOperation {
  summary?: string;
  description?: string;
  security?: unknown;
  parameters?: unknown[];
  responses?: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: unknown }> };
}

let registry: Registry;
let outing: Service;
let key: SigningKey;
let gateway: TestGateway;
let lines: Record<string, unknown>[];

beforeEach(async () => {
  registry = freshRegistry();
  outing = await startService(registry, 'outing', outingRoutes());
  key = await signingKey();
  lines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  gateway = await startGateway({
    routes: ROUTES,
    registry,
    logger: pino({ level: 'info' }, sink),
    auth: { issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.publicJwk] } },
  });
});

afterEach(async () => {
  await gateway.close();
  await outing.close();
  await registry.close();
});

describe('gateway OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document built from the route table', async () => {
    const answer = await call(gateway.url, 'GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.json<OpenApiDocument>();
    expect(doc.openapi).toBe('3.1.0');
    const get = doc.paths['/outings/{id}']?.get;
    expect(get?.summary).toBe('One outing');
    expect(get?.security).toEqual([{ bearer: [] }]);
    expect(get?.description).toContain('roles: student');
    expect(get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^o' } },
      { name: 'count', in: 'query', required: true, schema: { type: 'integer' } },
    ]);
    expect(Object.keys(get?.responses ?? {})).toEqual(
      expect.arrayContaining(['400', '401', '403', '429', '503', '504']),
    );
    expect(doc.paths['/outings']?.post?.requestBody?.content['application/json']?.schema).toEqual({
      type: 'object',
      properties: { reason: { type: 'string' } },
    });
    expect(doc.paths['/open/{rest}']?.delete).toBeDefined();
    expect(doc.paths['/open/{rest}']?.delete?.security).toBeUndefined();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves Swagger UI at /docs, with its assets from the package and the same document', async () => {
    const page = await call(gateway.url, 'GET', '/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    const bundle = await call(gateway.url, 'GET', '/docs/static/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    const json = await call(gateway.url, 'GET', '/docs/json');
    expect(json.json<OpenApiDocument>().paths['/outings/{id}']).toBeDefined();
    expect(outing.seen).toHaveLength(0);
  });

  it('refuses a route under /docs or at /openapi.json', async () => {
    for (const path of ['/docs/**', '/openapi.json']) {
      await expect(
        startGateway({ routes: [{ method: 'GET', path, service: 'outing', auth: 'public' }], registry }),
      ).rejects.toThrow(/collides with the gateway's own/);
    }
  });
});

describe('gateway trace and access log (stage 11)', () => {
  it('answers with its own span of the caller’s trace in traceparent', async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const answer = await call(gateway.url, 'GET', '/open/x', { headers: { traceparent: incoming } });
    const out = answer.headers.traceparent as string;
    expect(traceIdOf(out)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(out).not.toBe(incoming);
    expect(outing.seen[0]!.headers.traceparent).not.toBe(out); // the client call is a child span of the gateway's
    expect(traceIdOf(outing.seen[0]!.headers.traceparent as string)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('writes one access line per request with route, status, caller, cache result and span', async () => {
    const jwt = await token(key, { sub: 'student-000000000005' });
    await call(gateway.url, 'GET', '/outings/o1?count=1', { bearer: jwt, headers: { 'x-request-id': 'req-1' } });
    await call(gateway.url, 'GET', '/outings/o1?count=1', { bearer: jwt });
    await call(gateway.url, 'GET', '/livez');
    const access = lines.filter((l) => l.msg === 'gateway request');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      requestId: 'req-1',
      method: 'GET',
      path: '/outings/o1',
      route: '/outings/:id',
      service: 'outing',
      status: 200,
      subject: 'student-000000000005',
      role: 'student',
      cache: 'miss',
    });
    expect(access[1]).toMatchObject({ cache: 'hit' });
    expect(access[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(access[0]!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof access[0]!.ms).toBe('number');
    // Fastify's own two lines per request are off: the access line replaces them.
    expect(lines.filter((l) => l.msg === 'incoming request')).toHaveLength(0);
  });
});
