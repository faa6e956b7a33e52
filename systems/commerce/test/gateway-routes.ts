import type { SystemDefinition } from '@mosaic/kit/runtime';
import type { TestSystem } from '@mosaic/kit/testing';
import { expect } from 'vitest';

/** One operation of the gateway's published table, with a request that reaches it. */
export interface PublishedRoute {
  /** `GET /order-service/auth-user/orders/{order_id}`: the OpenAPI form, as the gateway publishes it. */
  key: string;
  method: string;
  path: string;
  /** Who the gateway lets in: nobody checked, any valid token, or the roles the route names. */
  who: 'public' | 'any-token' | readonly string[];
  /** The path with every parameter filled with a plausible value (ids are 1) and each required query value. */
  url: string;
}

type Schema = Readonly<Record<string, unknown>>;

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  security?: unknown[];
  'x-mosaic-roles'?: string[];
}

/**
 * Every route the running gateway publishes at `/openapi.json`: the table it enforces, so a route a service
 * adds later is in here without anyone listing it.
 */
export async function publishedRoutes(s: TestSystem): Promise<PublishedRoute[]> {
  const document = await s.http.get<{ paths?: Record<string, Record<string, OpenApiOperation>> }>('/openapi.json');
  expect(document.status).toBe(200);
  const routes: PublishedRoute[] = [];
  for (const [path, operations] of Object.entries(document.body.paths ?? {})) {
    for (const [lower, operation] of Object.entries(operations)) {
      const method = lower.toUpperCase();
      const roles = operation['x-mosaic-roles'];
      const who = roles ?? ((operation.security ?? []).length > 0 ? 'any-token' : 'public');
      routes.push({ key: `${method} ${path}`, method, path, who, url: urlOf(path, operation.parameters ?? []) });
    }
  }
  return routes;
}

function urlOf(path: string, parameters: NonNullable<OpenApiOperation['parameters']>): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
    return Array.isArray(schema.enum) ? String(schema.enum[0]) : '1';
  });
  const query = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(sample(p.schema ?? {}))}`);
  return query.length > 0 ? `${filled}?${query.join('&')}` : filled;
}

/** A value the schema accepts, so the request gets past validation to the rule being tested. */
function sample(schema: Schema): string {
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') return '1';
  if (typeof schema.pattern === 'string' && schema.pattern.includes('@')) return 'nobody@benefits.com';
  return 'x';
}

/** What one call got back: its status (`NO_ANSWER` when no well-formed answer came), its body parsed when JSON. */
export interface RouteAnswer {
  status: number;
  body: unknown;
  raw: string;
}

export const NO_ANSWER = 0;
const CALL_TIMEOUT_MS = 5000;

/**
 * Calls a route through the gateway with an empty JSON body where it takes one. A broken or missing answer is
 * recorded, not thrown: it is one route's failure to report, not a reason to lose the rest of a sweep.
 */
export async function callRoute(
  s: TestSystem,
  route: PublishedRoute,
  headers: Record<string, string>,
): Promise<RouteAnswer> {
  const withBody = route.method !== 'GET' && route.method !== 'DELETE';
  try {
    const response = await fetch(`${s.gatewayUrl}${route.url}`, {
      method: route.method,
      headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(withBody ? { body: '{}' } : {}),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    // A stream (server-sent events) is answered at once and never ends: its status is the whole answer.
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { status: response.status, body: undefined, raw: '(event stream)' };
    }
    const raw = await response.text();
    return { status: response.status, body: parsed(raw), raw };
  } catch (error) {
    return { status: NO_ANSWER, body: undefined, raw: String(error) };
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `GET /a/:id` → `GET /a/{id}`: a declared endpoint under the key the gateway publishes it with. */
const keyOf = (method: string, path: string) => `${method} ${path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`;

/** Every endpoint the system's services declare for the gateway (all but the internal ones). */
export function declaredRoutes(system: SystemDefinition): { key: string; revokesToken: boolean }[] {
  return system.services.flatMap(({ definition }) =>
    definition.endpoints.flatMap((endpoint) =>
      endpoint.gateway === 'internal'
        ? []
        : [{ key: keyOf(endpoint.method, endpoint.path), revokesToken: endpoint.gateway?.revokesToken === true }],
    ),
  );
}
