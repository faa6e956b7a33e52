import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { createHttpApp } from './http-app.ts';

let app: FastifyInstance;
let base: string;
const handled: unknown[] = [];

beforeAll(async () => {
  app = createHttpApp({ logger: silentLogger() });
  app.post(
    '/orders',
    {
      schema: {
        body: {
          type: 'object',
          required: ['qty', 'telephone'],
          properties: {
            qty: { type: 'integer', minimum: 1 },
            telephone: { type: 'string', pattern: '^[0-9]{2,15}$', 'x-pattern-means': 'digits only, 2 to 15' },
            status: { enum: ['paid', 'canceled'] },
          },
        },
      },
    },
    async (req) => {
      handled.push(req.body);
      return { ok: true };
    },
  );
  app.get(
    '/orders/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } },
    (req) => ({
      params: req.params,
    }),
  );
  // No schema at all: the kit still refuses a query and checks the path parameter as text.
  app.get('/notes/:name', async (req) => ({ name: (req.params as { name: string }).name }));
  // A database refusing a value the schema let through.
  app.get('/store-refusal', async () => {
    throw Object.assign(new Error('value "3000000000" is out of range for type integer'), { code: '22003' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(() => app.close());

async function send(method: 'GET' | 'POST', path: string, body?: string, type = 'application/json') {
  const answer = await request(base + path, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': type } }),
  });
  const json = (await answer.body.json()) as {
    type: string;
    detail: string;
    errors?: { field: string; message: string }[];
  };
  return { status: answer.statusCode, ...json };
}

describe('a service checks every request strictly before its handler runs', () => {
  it('takes JSON values as sent: a number in a string is refused, not coerced', async () => {
    const answer = await send('POST', '/orders', '{"qty":"2","telephone":1012341234}');
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([
      { field: 'body.qty', message: 'must be an integer, got a string' },
      { field: 'body.telephone', message: 'must be a string, got a number' },
    ]);
  });

  it('refuses an unknown body field and an unknown query parameter, naming them', async () => {
    const body = await send('POST', '/orders', '{"qty":1,"telephone":"010","discount":100}');
    expect(body.errors).toEqual([{ field: 'body.discount', message: 'is not a field this request takes' }]);
    const query = await send('GET', '/notes/a?debug=1');
    expect(query.status).toBe(400);
    expect(query.errors).toEqual([{ field: 'query.debug', message: 'is not a parameter of this route' }]);
  });

  it('refuses NUL and unpaired surrogates in strings, in the body and in a path parameter', async () => {
    const nul = await send('POST', '/orders', JSON.stringify({ qty: 1, telephone: '010\u0000' }));
    expect(nul.errors).toContainEqual({
      field: 'body.telephone',
      message: 'must not contain NUL characters or unpaired surrogates',
    });
    const surrogate = await send('POST', '/orders', '{"qty":1,"telephone":"01","status":"\\ud800"}');
    expect(surrogate.status).toBe(400);
    const path = await send('GET', '/notes/a%00b');
    expect(path.errors).toEqual([
      { field: 'params.name', message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
  });

  it('holds an integer without bounds to int32', async () => {
    const answer = await send('GET', '/orders/3000000000');
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([{ field: 'params.id', message: 'must be at most 2147483647' }]);
    expect((await send('GET', '/orders/2147483647')).status).toBe(200);
  });

  it('refuses a prototype key anywhere in the body, naming it', async () => {
    const answer = await send('POST', '/orders', '{"qty":1,"telephone":"010","x":{"__proto__":{"admin":true}}}');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('urn:mosaic:problem:refused-key');
    expect(answer.detail).toContain('body.x.__proto__ is refused');
  });

  it('answers 415 saying JSON is expected for text/plain and forms', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await send('POST', '/orders', '{"qty":1,"telephone":"010"}', type);
      expect(answer.status).toBe(415);
      expect(answer.type).toBe('urn:mosaic:problem:unsupported-media-type');
      expect(answer.detail).toContain('Content-Type: application/json');
    }
  });

  it('says what a pattern means and lists the allowed values, never a raw regex', async () => {
    const answer = await send('POST', '/orders', '{"qty":1,"telephone":"01-2","status":"CANCELED"}');
    expect(answer.errors).toEqual([
      { field: 'body.telephone', message: 'must be digits only, 2 to 15' },
      { field: 'body.status', message: 'must be one of: paid, canceled' },
    ]);
  });

  it("answers malformed JSON in the kit's words, not Fastify's codes", async () => {
    const answer = await send('POST', '/orders', '{"qty": ');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('urn:mosaic:problem:malformed-json');
  });

  it('answers 400 when the database refuses a value the client sent', async () => {
    const answer = await send('GET', '/store-refusal');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('urn:mosaic:problem:invalid-value');
    expect(answer.detail).not.toContain('3000000000');
  });

  it('runs the handler only for requests that pass', async () => {
    handled.length = 0;
    await send('POST', '/orders', '{"qty":"1","telephone":"010"}');
    expect(handled).toEqual([]);
    expect((await send('POST', '/orders', '{"qty":1,"telephone":"010"}')).status).toBe(200);
    expect(handled).toEqual([{ qty: 1, telephone: '010' }]);
  });
});
