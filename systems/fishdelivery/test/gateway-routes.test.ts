import type { GatewayRoute, JSONSchema } from '@mosaic/kit/gateway';
import type { ServiceDefinition } from '@mosaic/kit/service';
import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpublishedPaymentRoutes } from '../payment/routes.ts';
import { fishdelivery } from '../system.ts';

const { routes } = fishdelivery.gateway;
const SCHEMA_PARTS = ['params', 'querystring', 'body'] as const;

/** Every route a service registers on its Fastify app, as `METHOD /path` → the route's schema. */
async function servedRoutes(definition: ServiceDefinition): Promise<Map<string, RouteOptions['schema']>> {
  const app = Fastify();
  const served = new Map<string, RouteOptions['schema']>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Fastify adds HEAD beside each GET by itself; the gateway does the same.
      if (method !== 'HEAD') served.set(`${method} ${route.url}`, route.schema);
    }
  });
  // Only the handlers read the context, and none is called here.
  await definition.routes(app, {} as never);
  await app.close();
  return served;
}

const key = (route: Pick<GatewayRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;
const openPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the fishdelivery route table', () => {
  it.each(fishdelivery.services.map((s) => [s.definition.name, s.definition] as const))(
    'publishes exactly the routes %s serves, each with the very schema objects the service validates with',
    async (service, definition) => {
      const served = await servedRoutes(definition);
      const published = routes.filter((r) => r.service === service);
      const kept = service === 'payment' ? unpublishedPaymentRoutes.map(key) : [];
      expect(published.map(key).sort()).toEqual([...served.keys()].filter((k) => !kept.includes(k)).sort());
      for (const route of published) {
        expect(route.summary, key(route)).toBeTruthy();
        const schema = served.get(key(route)) as Record<string, unknown> | undefined;
        for (const part of SCHEMA_PARTS) expect(route.schema?.[part], `${key(route)} ${part}`).toBe(schema?.[part]);
      }
    },
  );
});

describe('the fishdelivery gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(fishdelivery);
  });
  afterAll(() => system?.close());

  it.each([
    ['PUT', '/orders/3', 'GET, HEAD, PATCH'],
    ['DELETE', '/orders/3', 'GET, HEAD, PATCH'],
    ['DELETE', '/orders', 'GET, HEAD, POST'],
    ['PUT', '/myPages/3', 'GET, HEAD'],
    ['POST', '/payments', 'GET, HEAD'],
    ['DELETE', '/fishstores/1', 'GET, HEAD, PATCH'],
    ['POST', '/deliveries', 'GET, HEAD'],
  ])('answers %s %s itself with 405 and Allow: %s', async (method, path, allow) => {
    const response = await system.http.call(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.body.type).toBe('urn:mosaic:problem:method-not-allowed');
  });

  it('publishes each operation in /openapi.json with its summary and its path, query and body schemas', async () => {
    const doc = (await system.http.get('/openapi.json')).body;
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${openPath(r.path)}`).sort());
    for (const route of routes) {
      const operation = doc.paths[openPath(route.path)][String(route.method).toLowerCase()];
      expect(operation.summary).toBe(route.summary);
      const parameters = operation.parameters ?? [];
      for (const [name, schema] of Object.entries(propertiesOf(route.schema?.params))) {
        expect(parameters, key(route)).toContainEqual({ name, in: 'path', required: true, schema });
      }
      for (const [name, schema] of Object.entries(propertiesOf(route.schema?.querystring))) {
        expect(parameters, key(route)).toContainEqual({ name, in: 'query', required: false, schema });
      }
      expect(operation.requestBody?.content['application/json'].schema, key(route)).toEqual(route.schema?.body);
    }
    // What the issue saw instead: `/orders/{rest}` with five methods and no schemas.
    expect(Object.keys(doc.paths['/orders/{id}']).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/orders'].post.requestBody.content['application/json'].schema.required).toContain('telephone');
  });
});

function propertiesOf(schema: JSONSchema | undefined): Record<string, unknown> {
  return (schema?.properties ?? {}) as Record<string, unknown>;
}
