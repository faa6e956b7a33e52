import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { ErrorBody } from '../http/catalog.ts';
import {
  acceptRequestId,
  contextOfTraceparent,
  HEADER_DEADLINE,
  HEADER_REQUEST_ID,
  runWithWork,
  tracerFor,
} from '../observability/index.ts';
import type { Logger } from '../observability/logger.ts';
import { answerError, sendError } from './error-answer.ts';
import type { HttpError } from './errors.ts';
import { closeEventStreams } from './event-stream.ts';
import { useStrictRequests } from './strict-requests.ts';

/**
 * A Fastify server with what every Mosaic HTTP server shares: request ids, the work context (request id,
 * deadline) and a server span (continuing the caller's `traceparent`) around each request, and errors as
 * problem+json or as the system's `errorBody` says.
 */
export function createHttpApp(options: { logger: Logger; tracer?: Tracer; errorBody?: ErrorBody }): FastifyInstance {
  const tracer = options.tracer ?? tracerFor({ system: 'mosaic', service: 'http' });
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
    const work = {
      requestId: request.id,
      ...(Number.isFinite(incomingDeadline) && incomingDeadline > 0 ? { deadline: incomingDeadline } : {}),
    };
    const incoming = request.headers.traceparent;
    const parent = contextOfTraceparent(typeof incoming === 'string' ? incoming : undefined);
    const span = tracer.startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] ?? '/' },
      },
      parent,
    );
    spans.set(request, span);
    // Running `done` inside both contexts makes every later hook and the handler inherit them.
    context.with(trace.setSpan(parent, span), () => runWithWork(work, done));
  });
  app.addHook('onResponse', (request, reply, done) => {
    endSpan(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    endSpan(request, undefined);
    done();
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

/** Each request's server span, until its answer is sent (or the caller left). */
const spans = new WeakMap<FastifyRequest, Span>();

function endSpan(request: FastifyRequest, status: number | undefined): void {
  const span = spans.get(request);
  if (!span) return;
  spans.delete(request);
  if (!span.isRecording()) return;
  const route = request.routeOptions.url;
  if (route) {
    span.updateName(`${request.method} ${route}`);
    span.setAttribute('http.route', route);
  }
  if (status === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'the caller went away' });
  else {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
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
