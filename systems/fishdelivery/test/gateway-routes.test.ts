import type { GatewayRoute, JSONSchema } from '@mosaic/kit/gateway';
import type { Problem } from '@mosaic/kit/service';
import { startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fishdelivery } from '../system.ts';

const { routes } = fishdelivery.gateway;
const key = (route: Pick<GatewayRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;
const openPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
/** What a JSON answer holds of a schema: its JSON Schema, without TypeBox's symbol keys. */
const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema ?? null));

describe('the fishdelivery route table', () => {
  it('publishes every endpoint the services declare, exactly, but the charge only order may make', () => {
    const declared = fishdelivery.services.flatMap(({ definition }) =>
      definition.endpoints.map((e) => `${e.method} ${e.path}`),
    );
    expect(routes.map(key).sort()).toEqual(declared.filter((k) => k !== 'POST /payments').sort());
    for (const route of routes) expect(route.summary, key(route)).toBeTruthy();
  });
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
    const response = await system.http.call<Problem>(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.body.type).toBe('urn:mosaic:problem:method-not-allowed');
  });

  it('publishes each operation in /openapi.json with its summary and its path, query and body schemas', async () => {
    const doc = (await system.http.get<OpenApiDocument>('/openapi.json')).body;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${openPath(r.path)}`).sort());
    for (const route of routes) {
      const operation = doc.paths[openPath(route.path)]?.[String(route.method).toLowerCase()];
      expect(operation?.summary).toBe(route.summary);
      const parameters = operation?.parameters ?? [];
      for (const [name, schema] of Object.entries(propertiesOf(route.schema?.params))) {
        expect(parameters, key(route)).toContainEqual({ name, in: 'path', required: true, schema: plain(schema) });
      }
      for (const [name, schema] of Object.entries(propertiesOf(route.schema?.querystring))) {
        expect(parameters, key(route)).toContainEqual({ name, in: 'query', required: false, schema: plain(schema) });
      }
      const body = operation?.requestBody?.content['application/json']?.schema;
      expect(body ?? null, key(route)).toEqual(plain(route.schema?.body));
    }
    // What the issue saw instead: `/orders/{rest}` with five methods and no schemas.
    expect(Object.keys(doc.paths['/orders/{id}'] ?? {}).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/orders']?.post?.requestBody?.content['application/json']?.schema.required).toContain(
      'telephone',
    );
  });
});

/** What these tests read of the gateway's OpenAPI document. */
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  summary?: string;
  parameters?: unknown[];
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
}

function propertiesOf(schema: JSONSchema | undefined): Record<string, unknown> {
  return (schema?.properties ?? {}) as Record<string, unknown>;
}
