import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { ErrorBody } from '../http/catalog.ts';
import {
  acceptRequestId,
  HEADER_DEADLINE,
  HEADER_REQUEST_ID,
  HEADER_TRACEPARENT,
  nextTraceparent,
  runWithWork,
} from '../observability/index.ts';
import type { Logger } from '../observability/logger.ts';
import { answerError, sendError } from './error-answer.ts';
import type { HttpError } from './errors.ts';
import { closeEventStreams } from './event-stream.ts';
import { useStrictRequests } from './strict-requests.ts';

/**
 * A Fastify server with what every Mosaic HTTP server shares: request ids, the work context (request id,
 * trace, deadline) around each request, and errors as problem+json or as the system's `errorBody` says.
 */
export function createHttpApp(options: { logger: Logger; errorBody?: ErrorBody }): FastifyInstance {
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
  // An event stream is in flight for minutes: closing would wait on it, so it ends first (its client reconnects).
  app.addHook('preClose', (done) => {
    closeEventStreams(app.server);
    done();
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) =>
    answerError(reply, error, { logger: options.logger, requestId: request.id, errorBody: options.errorBody }),
  );

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      {
        status: 404,
        reason: 'no-route',
        detail: `no route ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
      options.errorBody,
    ),
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
