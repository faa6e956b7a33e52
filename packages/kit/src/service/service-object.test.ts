import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSystem } from '../runtime/system.ts';
import { startTestSystem, type TestSystem } from '../testing/system.ts';
import { waitFor } from '../testing/wait.ts';
import { defineService, type ServiceContext } from './define.ts';
import { answer, created, endpointsOf, fileAnswer } from './endpoint.ts';

type ShelfContext = ServiceContext<Record<string, never>>;
const endpoint = endpointsOf<ShelfContext>();
const life: string[] = [];
let rounds = 0;

const shelf = defineService<Record<string, never>>({
  name: 'shelf',
  system: 'library',
  migrations: {},
  endpoints: [
    endpoint({
      method: 'POST',
      path: '/books',
      body: Type.Object({ title: Type.String({ minLength: 1 }) }),
      summary: 'shelve a book',
      gateway: { auth: 'public' },
      handle: (_ctx, { body }) => created({ title: body.title }, { location: `/books/${body.title}` }),
    }),
    endpoint({
      method: 'GET',
      path: '/books/:id',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      query: Type.Object({ twice: Type.Optional(Type.Boolean()) }),
      summary: 'one book',
      gateway: { auth: 'public' },
      // Typed from the schemas: `id` is a number and `twice` a boolean here, not the text that arrived.
      handle: (_ctx, { params, query }) => ({ id: params.id * (query.twice ? 2 : 1), idType: typeof params.id }),
    }),
    endpoint({
      method: 'GET',
      path: '/books/:id/cover',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      summary: 'the cover, unless the caller has it',
      gateway: { auth: 'public' },
      handle: (_ctx, { headers }) =>
        headers['if-none-match'] === '"v1"'
          ? answer(304)
          : fileAnswer(new TextEncoder().encode('<svg/>'), 'image/svg+xml', { etag: '"v1"' }),
    }),
    endpoint({
      method: 'POST',
      path: '/reindex',
      summary: 'only other services reindex',
      gateway: 'internal',
      handle: () => ({ reindexed: true }),
    }),
  ],
  started: (ctx) => {
    life.push('started');
    ctx.every(20, 'count rounds', async () => {
      rounds++;
    });
  },
  stopped: () => {
    life.push('stopped');
  },
});

const library = defineSystem({
  name: 'library',
  title: 'a library',
  gateway: { port: 0 },
  services: [{ definition: shelf, port: 0 }],
});

describe('a service declared as one object', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(library);
  });
  afterAll(() => system?.close());

  it('answers with the status and headers its handler chose', async () => {
    const shelved = await system.http.post('/books', { title: 'dune' });
    expect(shelved.status).toBe(201);
    expect(shelved.headers.get('location')).toBe('/books/dune');
    expect(shelved.body).toEqual({ title: 'dune' });
    const cover = await system.http.get('/books/3/cover');
    expect(cover).toMatchObject({ status: 200, body: '<svg/>' });
    expect(cover.headers.get('content-type')).toBe('image/svg+xml');
    expect((await system.http.get('/books/3/cover', { 'if-none-match': '"v1"' })).status).toBe(304);
  });

  it('hands the handler path and query values typed from the schemas, and refuses what they do not allow', async () => {
    expect((await system.http.get('/books/21?twice=true')).body).toEqual({ id: 42, idType: 'number' });
    const refused = await system.http.get('/books/0');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('id');
    expect((await system.http.post('/books', { title: 'dune', year: 1965 })).status).toBe(400);
  });

  it('publishes every endpoint at the gateway exactly, but the internal one', async () => {
    expect(library.gateway.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /books',
      'GET /books/:id',
      'GET /books/:id/cover',
    ]);
    expect((await system.http.post('/reindex')).status).toBe(404);
    expect((await system.direct('shelf').post('/reindex')).body).toEqual({ reindexed: true });
    const wrongMethod = await system.http.call('DELETE', '/books/3');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
  });

  it('runs started before it is ready, its rounds while it runs, and stopped when it stops', async () => {
    expect(life).toEqual(['started']);
    await waitFor(() => rounds >= 2, { what: 'two rounds of the housekeeping task' });
    await system.stopService('shelf');
    expect(life).toEqual(['started', 'stopped']);
    const after = rounds;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(rounds).toBe(after);
  });
});

describe('declaring a service', () => {
  it('refuses one endpoint declared twice', () => {
    const twice = endpoint({ method: 'GET', path: '/a', summary: 'a', gateway: 'internal', handle: () => ({}) });
    expect(() =>
      defineService<Record<string, never>>({ name: 'x', system: 'y', migrations: {}, endpoints: [twice, twice] }),
    ).toThrow(/declares GET \/a twice/);
  });

  it('refuses a system where a service sends to a queue no service of it works', () => {
    const sender = defineService<Record<string, never>>({
      name: 'sales',
      system: 'shop',
      migrations: {},
      endpoints: [],
      sendsTo: ['restock'],
    });
    const system = { name: 'shop', title: 'shop', gateway: { port: 0 } };
    expect(() => defineSystem({ ...system, services: [{ definition: sender, port: 0 }] })).toThrow(
      /sales sends to queue restock, which no service of shop works/,
    );
    const worker = defineService<Record<string, never>>({
      name: 'restock',
      system: 'shop',
      migrations: {},
      endpoints: [],
      queues: { restock: { visibilityTimeoutMs: 1_000, maxReceives: 3, handle: async () => {} } },
    });
    expect(() =>
      defineSystem({
        ...system,
        services: [
          { definition: sender, port: 0 },
          { definition: worker, port: 0 },
        ],
      }),
    ).not.toThrow();
  });
});
