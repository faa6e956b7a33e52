import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a closing gateway waits for a request on a connection that has sent nothing yet. */
const SPARE_GRACE_MS = 1_000;
type SocketWithAnswer = Socket & { _httpMessage?: unknown };

import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import { issuersVerifier } from '../auth/issuers.ts';
import type { OperatorTokens } from '../auth/operator-token.ts';
import type { Revocations } from '../auth/revocations.ts';
import { createTokenVerifier, type KeySource, type TokenVerifier } from '../auth/tokens.ts';
import type { Vouches } from '../auth/vouch.ts';
import type { Cache } from '../cache/cache.ts';
import { breakersOf } from '../calls/breaker-reports.ts';
import { createServiceClient, type ServiceClient } from '../calls/index.ts';
import type { Registry } from '../discovery/registry.ts';
import type { Reason } from '../http/catalog.ts';
import type { Limiter } from '../limits/limiter.ts';
import { HEADER_REQUEST_ID } from '../observability/context.ts';
import { type Logger, silentLogger } from '../observability/logger.ts';
import { tracerFor } from '../observability/tracing.ts';
import { endConnectionsWhenClosing } from '../service/http-app.ts';
import { operatorGuard } from '../service/operator-guard.ts';
import { accessLog } from './access-log.ts';
import { compileCachePlans } from './cache-plan.ts';
import type { GatewayAuthConfig, GatewayConfig } from './config.ts';
import { pipelineHandler } from './handler.ts';
import { createGatewayMetrics, UNMATCHED_ROUTE } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { BREAKERS_PATH, isOwnEndpoint, registerOps } from './ops.ts';
import type { AfterStage, GatewayAnswer, GatewayStage } from './pipeline.ts';
import { createProblems, type Problems } from './problem.ts';
import type { OpenRelays } from './relay.ts';
import { requestReader } from './request.ts';
import type { GatewayRoute } from './route.ts';
import { compileRoutes } from './routes.ts';
import { authenticate } from './stages/authenticate.ts';
import { authorize } from './stages/authorize.ts';
import { bodyLimit } from './stages/body-limit.ts';
import { cacheLookup } from './stages/cache-lookup.ts';
import { cacheStore } from './stages/cache-store.ts';
import { cors } from './stages/cors.ts';
import { ipLimit } from './stages/ip-limit.ts';
import { proxy } from './stages/proxy.ts';
import { acceptRequestId } from './stages/request-id.ts';
import { requestSecurity } from './stages/request-security.ts';
import { revokeToken } from './stages/revoke-token.ts';
import { matchRoute } from './stages/route.ts';
import { serviceLimit } from './stages/service-limit.ts';
import { validate } from './stages/validate.ts';

export interface GatewayOptions extends GatewayConfig {
  system: string;
  registry: Registry;
  logger?: Logger;
  /**
   * The runtime's adapters: runtime/ alone picks them (memory or Redis; PGlite for revocations), shares them
   * with the system's other gateway replicas and closes them. The gateway only uses them.
   */
  cache: Cache;
  limiter: Limiter;
  revocations: Revocations;
  /** Signs the identity each proxied request is made for (`x-mosaic-vouch`); services trust nothing else. */
  vouches: Vouches;
  /** The system's operator tokens: with them the gateway serves its breakers to operators (`/admin/breakers`). */
  operators?: OperatorTokens;
  /** Clock for token times and Request-Security freshness; default Date.now. */
  now?: () => number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Builds a system's gateway: a Fastify instance, not yet listening. Every request that is not one of the
 * gateway's own endpoints runs through the stage pipeline (DESIGN §6) and ends as the upstream's answer,
 * a cached one, or a problem in the system's error format.
 */
export function createGateway(options: GatewayOptions): FastifyInstance {
  const { system, registry, cache, limiter, revocations } = options;
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? Date.now;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
  const defaultBodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  // One rule for the stage (declared length) and the handler (bytes as they arrive).
  const bodyLimitOf = (route: GatewayRoute | undefined) => route?.bodyLimitBytes ?? defaultBodyLimit;
  const table = compileRoutes(options.routes);
  const tracer = tracerFor({ system, service: 'gateway', instance: `gateway-${process.pid}` });
  checkTable(system, table.routes, options);

  // One client per service, so every route to a service shares its instances' breakers.
  const clients = new Map<string, ServiceClient>();
  const clientFor = (service: string) => {
    let client = clients.get(service);
    if (!client) {
      client = createServiceClient({
        registry,
        system,
        service,
        timeoutMs: defaultTimeoutMs,
        ...(options.breaker ? { breaker: options.breaker } : {}),
        logger: logger.child({ upstream: service }),
        tracer,
      });
      clients.set(service, client);
    }
    return client;
  };
  for (const { service } of table.routes) clientFor(service);
  const verifier = options.auth ? gatewayVerifier(options.auth, clientFor, now) : undefined;
  const metrics = createGatewayMetrics(system, clients);
  const problems = createProblems(options.errorBody);
  const plans = compileCachePlans(table.routes);
  const onCache = (route: string, result: 'hit' | 'miss') => metrics.cache(route, result);
  const onInvalidate = (route: string, removed: number) => metrics.cache(route, 'invalidated', removed);

  // DESIGN §6 order, in two phases. The first runs before the body is read, so a flood, an unknown route or
  // a caller without a valid token never gets a body buffered; the second needs the body.
  const beforeBody: readonly GatewayStage[] = [
    cors(options.cors, problems),
    ipLimit(options.limits?.perIp, limiter, system, problems, logger),
    requestSecurity(options.security?.requestSecurity, cache, system, problems, now),
    matchRoute(system, table, problems),
    authenticate(verifier, revocations, system, problems, logger),
    authorize(problems, logger),
    bodyLimit(bodyLimitOf, problems),
  ];
  const withBody: readonly GatewayStage[] = [
    validate(table.routes, problems),
    serviceLimit(options.limits?.perService, limiter, system, problems, logger),
    cacheLookup(plans, cache, system, logger, onCache),
    proxy(clients, defaultTimeoutMs, problems, logger, options.vouches),
  ];
  const after: readonly AfterStage[] = [
    cacheStore(plans, cache, system, logger, onInvalidate),
    revokeToken(revocations, logger),
  ];

  const log = accessLog(logger);
  let server: Server | undefined;
  const relays: OpenRelays = new Set();
  /** Every open connection, kept per connection (not per request): what closing may end. */
  const sockets = new Set<Socket>();
  const proxied = pipelineHandler({
    beforeBody,
    withBody,
    after,
    readRequest: requestReader(options.trustProxy),
    bodyLimitOf,
    problems,
    logger,
    tracer,
    onAnswered(exchange, status, elapsedMs) {
      metrics.observe(exchange.route?.path ?? UNMATCHED_ROUTE, exchange.request.method, status, elapsedMs / 1000);
      log(exchange, status, elapsedMs);
    },
    // As endConnectionsWhenClosing does for the gateway's own endpoints.
    closing: () => server?.listening === false,
    relays,
  });

  const app = Fastify({
    // A pino Logger is a FastifyBaseLogger; saying so keeps the instance's type the plain FastifyInstance.
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify answers only the gateway's own endpoints; every other request runs the pipeline on Node's
    // server directly (handler.ts).
    serverFactory: (fastify) => {
      server = createServer({ keepAliveTimeout: 72_000 }, (raw, res) =>
        isOwnEndpoint(raw.url ?? '/') ? fastify(raw, res) : proxied(raw, res),
      );
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      return server;
    },
    genReqId: (raw) => acceptRequestId(raw.headers[HEADER_REQUEST_ID]),
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // Errors Fastify meets before routing (a malformed URL) get the same error body as everything else.
    frameworkErrors: (error, request, reply) => {
      reply.header(HEADER_REQUEST_ID, request.id);
      sendAnswer(
        reply,
        problems.answer(
          { url: request.url, requestId: request.id },
          400,
          'bad-request',
          `the request could not be read (${error.message}); check the URL's percent-encoding`,
        ),
      );
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header(HEADER_REQUEST_ID, request.id);
  });
  endConnectionsWhenClosing(app);
  // A relayed stream lasts minutes: closing would wait on it, so it ends first (its client reconnects).
  app.addHook('preClose', (done) => {
    for (const stop of [...relays]) stop();
    // Node's close ends idle keep-alive connections, but not one that has not sent a request yet (a client's
    // spare or pre-opened connection): it would hold the close up until the header timeout, about a minute.
    // One that has sent nothing (no bytes read, no answer in progress: `_httpMessage` is Node's own mark) is
    // given a moment for a request already on its way, then ended.
    const spares = [...sockets].filter((s) => s.bytesRead === 0 && !(s as SocketWithAnswer)._httpMessage);
    if (spares.length > 0) {
      setTimeout(() => {
        for (const socket of spares) if (socket.bytesRead === 0) socket.destroy();
      }, SPARE_GRACE_MS).unref();
    }
    done();
  });
  app.addHook('onClose', async () => {
    for (const client of clients.values()) client.close();
  });

  registerOps(app, metrics.registry, openApiDocument(system, table.routes));
  const { operators } = options;
  if (operators) {
    // In a scope of its own, so the guard covers this route and nothing else of the gateway's.
    void app.register(async (scope) => {
      scope.addHook('onRequest', operatorGuard(system, operators));
      scope.get(BREAKERS_PATH, { logLevel: 'warn' }, async () => ({
        breakers: [...clients.values()].flatMap(breakersOf),
      }));
    });
  }

  app.setErrorHandler((error, request, reply) => {
    const where = { url: request.url, requestId: request.id };
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendAnswer(
        reply,
        problems.answer(where, status, clientErrorReason(status), clientErrorDetail(status, error)),
      );
    }
    request.log.error({ err: error }, 'gateway failure');
    return sendAnswer(
      reply,
      problems.answer(
        where,
        500,
        'gateway-failure',
        `the gateway failed unexpectedly; quote request id ${request.id} when reporting it`,
      ),
    );
  });

  return app;
}

/** Start-up checks of what no single stage can see: a typo or a leak fails the boot, not a request. */
function checkTable(system: string, routes: readonly GatewayRoute[], options: GatewayConfig): void {
  const services = new Set(routes.map((r) => r.service));
  for (const route of routes) {
    const where = `gateway route ${route.path} → ${route.service} of ${system}`;
    if (isOwnEndpoint(route.path)) {
      throw new Error(
        `${where} collides with the gateway's own ${route.path} endpoint; give the route another path (e.g. /${route.service}${route.path})`,
      );
    }
    if (route.auth !== 'public' && !options.auth) {
      throw new Error(
        `${where} needs a signed-in caller but the gateway has no auth config; add gateway.auth or mark the route auth: 'public'`,
      );
    }
    if (route.revokesToken && route.auth === 'public') {
      throw new Error(`${where}: revokesToken needs the caller's token, so the route cannot be public`);
    }
    if (route.stream && (route.cache || route.invalidates?.length || route.revokesToken)) {
      const what = route.cache ? 'cache' : route.invalidates?.length ? 'invalidates' : 'revokesToken';
      throw new Error(
        `${where}: a stream route cannot have ${what}: its answer is still flowing when the gateway would ` +
          `act on it, and is never cached; remove ${what} or stream from another route`,
      );
    }
    if (route.bodyLimitBytes !== undefined && !(route.bodyLimitBytes > 0)) {
      throw new Error(`${where}: bodyLimitBytes must be > 0, got ${route.bodyLimitBytes}`);
    }
  }
  for (const service of Object.keys(options.limits?.perService ?? {})) {
    if (!services.has(service)) {
      throw new Error(`gateway limits.perService names ${service}, which no route of ${system} reaches; fix the name`);
    }
  }
}

function gatewayVerifier(
  auth: GatewayAuthConfig | readonly GatewayAuthConfig[],
  clientFor: (service: string) => ServiceClient,
  now: () => number,
): TokenVerifier {
  if (!Array.isArray(auth)) return tokenVerifier(auth as GatewayAuthConfig, clientFor, now);
  return issuersVerifier(
    auth.map((one: GatewayAuthConfig) => ({
      issuer: one.issuer,
      verifier: tokenVerifier(one, clientFor, now),
      ...(one.roles ? { roles: one.roles } : {}),
    })),
  );
}

function tokenVerifier(
  auth: GatewayAuthConfig,
  clientFor: (service: string) => ServiceClient,
  now: () => number,
): TokenVerifier {
  let keys: KeySource;
  if ('jwks' in auth.keys) {
    const { service, path } = auth.keys.jwks;
    const client = clientFor(service);
    keys = {
      jwks: async () => {
        const response = await client.getJson(path);
        if (response.status !== 200)
          throw new Error(`GET ${path} on the ${service} service answered ${response.status}`);
        return response.json<JSONWebKeySet>();
      },
    };
  } else {
    keys = auth.keys;
  }
  return createTokenVerifier({
    issuer: auth.issuer,
    audience: auth.audience,
    ...(auth.algorithms ? { algorithms: auth.algorithms } : {}),
    ...(auth.clockToleranceSec !== undefined ? { clockToleranceSec: auth.clockToleranceSec } : {}),
    keys,
    now,
  });
}

function sendAnswer(reply: FastifyReply, answer: GatewayAnswer) {
  reply.code(answer.status);
  if (answer.headers) reply.headers(answer.headers);
  return reply.send(answer.body ?? '');
}

function clientErrorReason(status: number): Reason {
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

export type { Problems };
