import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { BreakerOptions } from '../calls/breaker.ts';
import { createServiceClient, type ServiceClient } from '../calls/index.ts';
import type { Registry } from '../discovery/registry.ts';
import { HEADER_REQUEST_ID, HEADER_TRACEPARENT, runWithWork } from '../observability/context.ts';
import { type Logger, silentLogger } from '../observability/logger.ts';
import { nextTraceparent } from '../observability/trace.ts';
import { createGatewayMetrics, UNMATCHED_ROUTE } from './metrics.ts';
import { OPS_PATHS, registerOps } from './ops.ts';
import type { Exchange, GatewayAnswer, GatewayStage } from './pipeline.ts';
import { runStages } from './pipeline.ts';
import { problemAnswer } from './problem.ts';
import { acceptRequestId } from './request-id.ts';
import { compileRoutes, type GatewayRoute } from './routes.ts';
import { type CorsOptions, cors } from './stages/cors.ts';
import { proxy } from './stages/proxy.ts';
import { matchRoute } from './stages/route.ts';

export interface GatewayOptions {
  system: string;
  /**
   * The route table. `/livez`, `/readyz` and `/metrics` belong to the gateway itself: a route declaring one
   * of them exactly is refused at start-up, and a pattern that would cover them (`/**`, `/:page`) does not
   * receive GET or HEAD for them.
   */
  routes: readonly GatewayRoute[];
  registry: Registry;
  logger?: Logger;
  /** For routes without their own `timeoutMs`; default 3000. */
  defaultTimeoutMs?: number;
  /** Per upstream instance; default 5 consecutive failures, 10 s open. */
  breaker?: BreakerOptions;
  /** Omit when no browser on another origin calls the gateway. */
  cors?: CorsOptions;
  /** Largest request body accepted; default 1 MiB. */
  bodyLimitBytes?: number;
}

/**
 * Builds a system's gateway: a Fastify instance, not yet listening. Every request that is not one of the
 * gateway's own endpoints runs through the stage pipeline (DESIGN §6) and ends as the upstream's answer
 * or an RFC 9457 problem.
 */
export function createGateway(options: GatewayOptions): FastifyInstance {
  const { system, registry } = options;
  const logger = options.logger ?? silentLogger();
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
  const table = compileRoutes(options.routes);
  for (const route of table.routes) {
    if (OPS_PATHS.has(route.path)) {
      throw new Error(
        `gateway route ${route.path} → ${route.service} of ${system} collides with the gateway's own ${route.path} ` +
          `endpoint; give the route another path (e.g. /${route.service}${route.path})`,
      );
    }
  }

  // One client per service, so every route to a service shares its instances' breakers.
  const clients = new Map<string, ServiceClient>();
  for (const { service } of table.routes) {
    if (clients.has(service)) continue;
    clients.set(
      service,
      createServiceClient({
        registry,
        system,
        service,
        timeoutMs: defaultTimeoutMs,
        ...(options.breaker ? { breaker: options.breaker } : {}),
        logger: logger.child({ upstream: service }),
      }),
    );
  }
  const metrics = createGatewayMetrics(system, clients);

  // DESIGN §6 order. Still to come, in place: per-IP limit after cors; authentication, roles, validation,
  // per-service limit and cache lookup between route and proxy.
  const stages: readonly GatewayStage[] = [
    cors(options.cors),
    matchRoute(system, table),
    proxy(clients, defaultTimeoutMs),
  ];

  const app = Fastify({
    // A pino Logger is a FastifyBaseLogger; saying so keeps the instance's type the plain FastifyInstance.
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: (raw) => acceptRequestId(raw.headers[HEADER_REQUEST_ID]),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Errors Fastify meets before routing (a malformed URL) get the same problem body as everything else.
    frameworkErrors: (error, request, reply) => {
      reply.header(HEADER_REQUEST_ID, request.id);
      sendAnswer(
        reply,
        problemAnswer(
          { url: request.url, requestId: request.id },
          400,
          'bad-request',
          `the request could not be read (${error.message}); check the URL's percent-encoding`,
        ),
      );
    },
  });

  // Bodies are forwarded as the bytes that came in: the gateway never parses them, so a malformed JSON
  // body is the upstream's to judge (and answer 400), never a gateway 500.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Which route each proxied request matched, for the metrics written when its answer is sent.
  const routeLabels = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header(HEADER_REQUEST_ID, request.id);
    if (!OPS_PATHS.has(request.routeOptions.url ?? '')) routeLabels.set(request, UNMATCHED_ROUTE);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeLabels.get(request);
    if (route !== undefined) metrics.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('onClose', async () => {
    for (const client of clients.values()) client.close();
  });

  registerOps(app, metrics.registry);

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const exchange: Exchange = { request, requestId: request.id, responseHeaders: {} };
    const incoming = request.headers[HEADER_TRACEPARENT];
    // The gateway is a hop of its own: a child span of the caller's trace (or a new trace).
    const work = {
      requestId: request.id,
      traceparent: nextTraceparent(typeof incoming === 'string' ? incoming : undefined),
    };
    try {
      const answer = await runWithWork(work, () => runStages(stages, exchange));
      return sendAnswer(reply, answer, exchange.responseHeaders);
    } finally {
      if (exchange.route) routeLabels.set(request, exchange.route.path);
    }
  };
  app.all('/*', handle);
  // Methods Fastify has no route for (PROPFIND, ...) still get a proper 404/405 from the pipeline.
  app.setNotFoundHandler(handle);

  app.setErrorHandler((error, request, reply) => {
    const where = { url: request.url, requestId: request.id };
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendAnswer(
        reply,
        problemAnswer(where, status, clientErrorReason(status), clientErrorDetail(status, error)),
      );
    }
    request.log.error({ err: error }, 'gateway failure');
    return sendAnswer(
      reply,
      problemAnswer(
        where,
        500,
        'gateway-failure',
        `the gateway failed unexpectedly; quote request id ${request.id} when reporting it`,
      ),
    );
  });

  return app;
}

function sendAnswer(reply: FastifyReply, answer: GatewayAnswer, extraHeaders: Record<string, string> = {}) {
  reply.code(answer.status);
  if (answer.headers) reply.headers(answer.headers);
  reply.headers(extraHeaders);
  return reply.send(answer.body ?? '');
}

function clientErrorReason(status: number): string {
  if (status === 413) return 'body-too-large';
  if (status === 415) return 'unsupported-media-type';
  return 'bad-request';
}

function clientErrorDetail(status: number, error: unknown): string {
  if (status === 413) return 'the request body is larger than this gateway accepts; send a smaller body';
  if (status === 415) return 'the request has a body but an empty or invalid Content-Type; send a valid one';
  const message = error instanceof Error ? error.message : String(error);
  return `the request could not be read (${message}); fix it and send it again`;
}
