import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import { refusalOf } from '../http/request-errors.ts';
import {
  acceptRequestId,
  HEADER_DEADLINE,
  HEADER_REQUEST_ID,
  HEADER_TRACEPARENT,
  nextTraceparent,
  runWithWork,
} from '../observability/index.ts';
import type { Logger } from '../observability/logger.ts';
import { HttpError } from './errors.ts';
import type { Faults } from './faults.ts';
import { randomBetween, sleep } from './faults.ts';
import { problem, sendProblem } from './problem.ts';
import { useStrictRequests } from './strict-requests.ts';

const OPERATIONAL_PATHS = new Set(['/livez', '/readyz', '/metrics']);

/**
 * A Fastify server with what every Mosaic HTTP server shares: request ids, the work context (request id,
 * trace, deadline) around each request, problem+json errors, and the fault-injection hook.
 */
export function createHttpApp(options: { logger: Logger; faults: Faults }): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // The metrics hook counts every request; a log line each would drown the logs.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    requestIdHeader: false,
    genReqId: (req) => acceptRequestId(req.headers[HEADER_REQUEST_ID]),
    bodyLimit: 1024 * 1024,
    // Let in-flight requests finish on close, but do not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;
  useStrictRequests(app);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header(HEADER_REQUEST_ID, request.id);
    const incomingDeadline = Number(request.headers[HEADER_DEADLINE]);
    const traceparent = request.headers[HEADER_TRACEPARENT];
    const work = {
      requestId: request.id,
      traceparent: nextTraceparent(typeof traceparent === 'string' ? traceparent : undefined),
      ...(Number.isFinite(incomingDeadline) && incomingDeadline > 0 ? { deadline: incomingDeadline } : {}),
    };
    // Running `done` inside the context makes every later hook and the handler inherit it.
    runWithWork(work, done);
  });

  endConnectionsWhenClosing(app);

  app.addHook('onRequest', async (request, reply) => {
    if (OPERATIONAL_PATHS.has(request.url)) return;
    const { latencyMs, failWith } = options.faults;
    if (latencyMs) await sleep(randomBetween(latencyMs));
    if (failWith)
      return sendProblem(reply, problem(failWith, 'injected-fault', 'a fault was injected into this service'));
  });

  app.setErrorHandler((error: FastifyError | HttpError, _request, reply) => {
    if (error instanceof HttpError) {
      const { retryAfterSec, ...extra } = error.extra;
      if (typeof retryAfterSec === 'number') reply.header('retry-after', String(retryAfterSec));
      return sendProblem(reply, problem(error.status, error.reason, error.message, extra));
    }
    const refusal = refusalOf(error);
    if (refusal) {
      const { status, reason, detail, errors } = refusal;
      return sendProblem(reply, problem(status, reason, detail, errors ? { errors } : {}));
    }
    // The service's logger, not request.log: that one binds the request id again, which the mixin already adds.
    options.logger.error({ err: error }, 'request failed');
    return sendProblem(reply, problem(500, 'internal', 'the service failed to handle the request; it has been logged'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, 'no-route', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  return app;
}

/**
 * Fastify's `forceCloseConnections: 'idle'` closes only the connections idle when closing starts: one busy
 * then goes idle afterwards and holds the close up until its keep-alive timeout (72 s). An answer sent while
 * closing therefore ends its connection. (The gateway's own handler does the same for the proxied path.)
 */
export function endConnectionsWhenClosing(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!app.server.listening) reply.header('connection', 'close');
    done(null, payload);
  });
}
