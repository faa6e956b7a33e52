import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** The gateway's own endpoints. They are exact paths, so a route table cannot declare them (see createGateway). */
export const OPS_PATHS: ReadonlySet<string> = new Set(['/livez', '/readyz', '/metrics']);

export function registerOps(app: FastifyInstance, metrics: Registry): void {
  // Probes and scrapes come every few seconds: log them only when something is wrong.
  const quiet = { logLevel: 'warn' } as const;
  app.get('/livez', quiet, async () => ({ status: 'live' }));
  app.get('/readyz', quiet, async (_request, reply) =>
    app.server.listening ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', quiet, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
}
