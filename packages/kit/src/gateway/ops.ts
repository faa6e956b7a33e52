import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** The gateway's breakers, per upstream instance, with their story: operators only (`gateway.ts`). */
export const BREAKERS_PATH = '/admin/breakers';

/** The gateway's own endpoints. They are exact paths, so a route table cannot declare them (see createGateway). */
export const OPS_PATHS: ReadonlySet<string> = new Set([
  '/livez',
  '/readyz',
  '/metrics',
  '/openapi.json',
  BREAKERS_PATH,
]);
/** Swagger UI and its assets live below this prefix. */
export const DOCS_PREFIX = '/docs';

/** True for a request target the gateway answers itself (probes, metrics, the API document, Swagger UI). */
export function isOwnEndpoint(url: string): boolean {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return OPS_PATHS.has(path) || path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
}

export function registerOps(app: FastifyInstance, metrics: Registry, document: Record<string, unknown>): void {
  // Probes and scrapes come every few seconds: log them only when something is wrong.
  const quiet = { logLevel: 'warn' } as const;
  app.get('/livez', quiet, async () => ({ status: 'live' }));
  app.get('/readyz', quiet, async (_request, reply) =>
    app.server.listening ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', quiet, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  const json = JSON.stringify(document);
  app.get('/openapi.json', quiet, async (_request, reply) => reply.type('application/json; charset=utf-8').send(json));
  // The document is built from the route table, not from Fastify's routes (the gateway has one catch-all).
  app.register(swagger, { openapi: {}, transformObject: () => document as never });
  app.register(swaggerUi, { routePrefix: DOCS_PREFIX, logLevel: 'warn' });
}
