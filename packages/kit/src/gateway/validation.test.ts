import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../discovery/registry.ts';
import type { GatewayRoute } from './route.ts';
import {
  call,
  freshRegistry,
  outingRoutes,
  type Service,
  startGateway,
  startService,
  type TestGateway,
} from './test-support.ts';

const ROUTES: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/echo/outings/:grade',
    service: 'outing',
    auth: 'public',
    schema: {
      params: { type: 'object', properties: { grade: { type: 'integer', minimum: 1, maximum: 3 } } },
      querystring: { type: 'object', properties: { count: { type: 'integer', minimum: 1 } }, required: ['count'] },
      body: {
        type: 'object',
        required: ['reason', 'start_time'],
        properties: { reason: { type: 'string', minLength: 1, maxLength: 20 }, start_time: { type: 'integer' } },
      },
    },
  },
  { method: 'POST', path: '/echo/small', service: 'outing', auth: 'public', bodyLimitBytes: 64 },
  { method: 'POST', path: '/echo/free', service: 'outing', auth: 'public' },
];

let registry: Registry;
let outing: Service;
let gateway: TestGateway;

beforeEach(async () => {
  registry = freshRegistry();
  outing = await startService(registry, 'outing', outingRoutes());
  gateway = await startGateway({ routes: ROUTES, registry, bodyLimitBytes: 1024 });
});

afterEach(async () => {
  await gateway.close();
  await outing.close();
  await registry.close();
});

const json = { 'content-type': 'application/json' };

describe('gateway validation (stage 6)', () => {
  it('passes a valid request and forwards the body bytes unchanged', async () => {
    const body = '{"reason":"dentist",  "start_time": 1700000000}';
    const answer = await call(gateway.url, 'POST', '/echo/outings/2?count=5', { headers: json, body });
    expect(answer.status).toBe(200);
    expect(answer.json().url).toBe('/echo/outings/2?count=5');
    expect(outing.seen).toHaveLength(1);
  });

  it('answers 400 listing every bad parameter, query value and body field, and never calls the service', async () => {
    const answer = await call(gateway.url, 'POST', '/echo/outings/7', {
      headers: json,
      body: '{"reason":"","start_time":"soon"}',
    });
    expect(answer.status).toBe(400);
    const problem = answer.json();
    expect(problem.type).toBe('urn:mosaic:problem:invalid-request');
    const fields = (problem.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.reason', 'body.start_time', 'params.grade', 'query.count']);
    expect(problem.detail).toContain('params.grade must be at most 3');
    expect(outing.seen).toHaveLength(0);
  });

  it('answers 400 for a missing body on a route whose schema wants one', async () => {
    const answer = await call(gateway.url, 'POST', '/echo/outings/1?count=1', { headers: json });
    expect(answer.status).toBe(400);
    expect(answer.json().errors).toEqual([
      { field: 'body', message: 'is required: send a JSON object with Content-Type: application/json' },
    ]);
  });

  it('refuses what a service would refuse: coerced types, unknown fields and parameters, NUL, int32 overflow', async () => {
    const cases: [string, string, { field: string; message: string }][] = [
      [
        '/echo/outings/1?count=1',
        '{"reason":"x","start_time":"1"}',
        { field: 'body.start_time', message: 'must be an integer, got a string' },
      ],
      [
        '/echo/outings/1?count=1',
        '{"reason":"x","start_time":1,"admin":true}',
        { field: 'body.admin', message: 'is not a field this request takes' },
      ],
      [
        '/echo/outings/1?count=1&debug=1',
        '{"reason":"x","start_time":1}',
        { field: 'query.debug', message: 'is not a parameter of this route' },
      ],
      [
        '/echo/outings/1?count=1',
        '{"reason":"a\\u0000b","start_time":1}',
        { field: 'body.reason', message: 'must not contain NUL characters or unpaired surrogates' },
      ],
      [
        '/echo/outings/1?count=3000000000',
        '{"reason":"x","start_time":1}',
        { field: 'query.count', message: 'must be at most 2147483647' },
      ],
    ];
    for (const [path, body, error] of cases) {
      const answer = await call(gateway.url, 'POST', path, { headers: json, body });
      expect(answer.status, body).toBe(400);
      expect(answer.json().errors, body).toEqual([error]);
    }
    expect(outing.seen).toHaveLength(0);
  });

  it('refuses a prototype key by name', async () => {
    const body = '{"reason":"x","start_time":1,"__proto__":{"role":"admin"}}';
    const answer = await call(gateway.url, 'POST', '/echo/outings/1?count=1', { headers: json, body });
    expect(answer.status).toBe(400);
    expect(answer.json().type).toBe('urn:mosaic:problem:refused-key');
    expect(answer.json().detail).toContain('body.__proto__ is refused');
  });

  it('answers 400 malformed-json for a body that does not parse', async () => {
    const answer = await call(gateway.url, 'POST', '/echo/outings/1?count=1', { headers: json, body: '{"reason": ' });
    expect(answer.status).toBe(400);
    expect(answer.json().type).toBe('urn:mosaic:problem:malformed-json');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp'])(
    'answers 415 for a body sent as %s',
    async (type) => {
      const answer = await call(gateway.url, 'POST', '/echo/outings/1?count=1', {
        headers: { 'content-type': type },
        body: 'reason=x&start_time=1',
      });
      expect(answer.status).toBe(415);
      expect(answer.json().type).toBe('urn:mosaic:problem:unsupported-media-type');
    },
  );

  it('accepts application/json with a charset and a +json type', async () => {
    const body = '{"reason":"x","start_time":1}';
    for (const type of ['application/json; charset=utf-8', 'application/vnd.school+json']) {
      const answer = await call(gateway.url, 'POST', '/echo/outings/1?count=1', {
        headers: { 'content-type': type },
        body,
      });
      expect(answer.status).toBe(200);
    }
  });

  it("answers 413 beyond the route's own body limit, and the gateway's elsewhere", async () => {
    const small = await call(gateway.url, 'POST', '/echo/small', {
      headers: json,
      body: JSON.stringify({ x: 'y'.repeat(100) }),
    });
    expect(small.status).toBe(413);
    expect(small.json().detail).toContain('at most 64');
    expect(
      (await call(gateway.url, 'POST', '/echo/free', { headers: json, body: JSON.stringify({ x: 'y'.repeat(100) }) }))
        .status,
    ).toBe(200);
    const large = await call(gateway.url, 'POST', '/echo/free', { headers: json, body: 'y'.repeat(2_000) });
    expect(large.status).toBe(413);
    expect(outing.seen.map((s) => s.url)).toEqual(['/echo/free']);
  });
});
