import type { GatewayRoute, JSONSchema } from './route.ts';

const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Statuses the gateway itself may answer on a route, whatever the service does. */
function gatewayResponses(route: GatewayRoute): Record<string, { description: string; content?: object }> {
  const responses: Record<string, { description: string; content?: object }> = {
    default: { description: "The service's answer" },
    '404': { description: 'No such route' },
    '429': { description: 'Too many requests (per IP or per service); see Retry-After' },
    '503': { description: 'No ready instance, or every instance failing (circuit open)' },
    '504': { description: 'The service did not answer within the deadline' },
  };
  if (route.auth !== 'public') {
    responses['401'] = { description: 'Missing, invalid, expired or revoked bearer token' };
    responses['403'] = { description: 'The token’s role may not use this route' };
  }
  if (route.stream) {
    // Said here so a client (or a sweep over this document) knows not to wait for the body's end.
    responses['200'] = {
      description: 'An event stream, relayed as the service sends it; it stays open',
      content: { 'text/event-stream': {} },
    };
  }
  if (route.schema) responses['400'] = { description: 'A parameter, query value or body field is invalid' };
  return responses;
}

/** An OpenAPI 3.1 document for a route table: what the gateway checks, not what the services return. */
export function openApiDocument(system: string, routes: readonly GatewayRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const needsBearer = routes.some((r) => r.auth !== 'public');
  for (const route of routes) {
    const prefix = route.path.endsWith('/**');
    const base = prefix ? route.path.slice(0, -3) : route.path;
    const path = (base || '') + (prefix ? '/{rest}' : '') || '/';
    const openPath = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const methods =
      typeof route.method === 'string'
        ? route.method === '*'
          ? ALL_METHODS
          : [route.method.toLowerCase()]
        : route.method.includes('*')
          ? ALL_METHODS
          : route.method.map((m) => m.toLowerCase());
    paths[openPath] ??= {};
    for (const method of methods) paths[openPath]![method] = operation(route, prefix);
  }
  return {
    openapi: '3.1.0',
    info: { title: `${system} gateway`, version: '1', description: `Every route of the ${system} system's gateway.` },
    paths,
    ...(needsBearer
      ? { components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } } }
      : {}),
  };
}

function operation(route: GatewayRoute, prefix: boolean): Record<string, unknown> {
  const parameters: Record<string, unknown>[] = [];
  const paramSchemas = properties(route.schema?.params);
  for (const match of route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
    parameters.push({
      name: match[1],
      in: 'path',
      required: true,
      schema: paramSchemas[match[1]!] ?? { type: 'string' },
    });
  }
  if (prefix) {
    parameters.push({
      name: 'rest',
      in: 'path',
      required: true,
      description: 'any path below',
      schema: { type: 'string' },
    });
  }
  const query = route.schema?.querystring;
  const required = new Set(Array.isArray(query?.required) ? (query.required as string[]) : []);
  for (const [name, schema] of Object.entries(properties(query))) {
    parameters.push({ name, in: 'query', required: required.has(name), schema });
  }
  const auth = route.auth;
  const who =
    auth === 'public'
      ? 'public'
      : auth === undefined
        ? 'any signed-in caller'
        : typeof auth === 'function'
          ? 'callers a rule on their token accepts'
          : `roles: ${auth.join(', ')}`;
  return {
    summary: route.summary ?? `→ ${route.service}`,
    description: `Served by the ${route.service} service. Who: ${who}.${route.cache ? ` Cached ${route.cache.ttlSec ?? 60} s.` : ''}`,
    tags: [route.service],
    ...(parameters.length ? { parameters } : {}),
    ...(route.schema?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.schema.body } } } }
      : {}),
    ...(auth === 'public' ? {} : { security: [{ bearer: [] }] }),
    // Machine-readable "who": the hostile-input sweep calls each operation as a role that may use it.
    ...(Array.isArray(auth) ? { 'x-mosaic-roles': [...auth] } : {}),
    responses: gatewayResponses(route),
  };
}

function properties(schema: JSONSchema | undefined): Record<string, unknown> {
  const props = schema?.properties;
  return props && typeof props === 'object' ? (props as Record<string, unknown>) : {};
}
