import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { acceptRequestId, HEADER_REQUEST_ID, HEADER_TRACEPARENT } from '../observability/context.ts';
import type { Logger } from '../observability/logger.ts';
import { hasBody, readBody } from './body.ts';
import {
  type AfterStage,
  type Exchange,
  type GatewayAnswer,
  type GatewayStage,
  newExchange,
  runStages,
} from './pipeline.ts';
import type { Problems } from './problem.ts';
import { type OpenRelays, relayStream } from './relay.ts';
import type { GatewayRequest } from './request.ts';
import type { GatewayRoute } from './route.ts';
import { gatewaySpan } from './stages/request-id.ts';

export interface PipelineHandlerOptions {
  /** Stages that run before the body is read: a flood, an unknown route or a caller without a valid token never gets a body buffered. */
  beforeBody: readonly GatewayStage[];
  /** Stages that need the body; the last one (the proxy) always answers. */
  withBody: readonly GatewayStage[];
  /** Run once the answer is known and before it is sent (cache store, invalidation, logout). */
  after: readonly AfterStage[];
  readRequest(raw: IncomingMessage): GatewayRequest;
  /** The most body bytes a request to `route` may carry. */
  bodyLimitOf(route: GatewayRoute | undefined): number;
  problems: Problems;
  logger: Logger;
  /** Makes the gateway's server span of each request. */
  tracer: Tracer;
  /** Every answered exchange, once sent: the access line and the metrics (stage 11). */
  onAnswered(exchange: Exchange, status: number, elapsedMs: number): void;
  /** True once the server is closing: answers then end their connection, so closing does not wait on it. */
  closing(): boolean;
  /** Where streams being relayed are kept until they end (the gateway ends them when it closes). */
  relays: OpenRelays;
}

/**
 * The gateway's request handler on Node's own HTTP server: one exchange through the stages, answered with a
 * single `writeHead` + `end`. Fastify serves only the gateway's own endpoints (/livez, /metrics, /docs); on
 * the proxied path its routing, hooks and reply object cost more CPU than the whole pipeline (bench/).
 */
export function pipelineHandler(options: PipelineHandlerOptions): (raw: IncomingMessage, res: ServerResponse) => void {
  const { beforeBody, withBody, after, problems, logger } = options;

  /**
   * One exchange from request to sent answer, in one async function: the stages' answer used to come from a
   * second async function awaited here, which cost a promise and a microtask hop per request for nothing.
   */
  async function serve(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const request = options.readRequest(raw);
    const exchange = newExchange(
      request,
      acceptRequestId(raw.headers[HEADER_REQUEST_ID]),
      gatewaySpan(options.tracer, request.method, raw.headers[HEADER_TRACEPARENT]),
    );
    let answer: GatewayAnswer | undefined;
    try {
      const first = runStages(beforeBody, exchange);
      answer = first instanceof Promise ? await first : first;
      // The body is read only once the first phase has let the request through.
      if (!answer && hasBody(raw)) {
        const read = await readBody(raw, options.bodyLimitOf(exchange.route));
        if (read.kind === 'aborted') return; // the client left while sending its body
        if (read.kind === 'too-large') {
          answer = problems.answer(
            exchange,
            413,
            'body-too-large',
            `the request body is larger than ${read.limit} bytes, the most this route accepts. Send a smaller body`,
          );
        } else {
          request.body = read.body;
        }
      }
      if (!answer) {
        const second = runStages(withBody, exchange);
        answer = second instanceof Promise ? await second : second;
        if (!answer) throw new Error('no gateway stage answered the request: the proxy stage must always answer');
        for (const stage of after) {
          const done = stage(exchange, answer);
          if (done instanceof Promise) await done;
        }
      }
    } catch (error) {
      logger.error({ err: error, requestId: exchange.requestId }, 'gateway failure');
      answer = problems.answer(
        exchange,
        500,
        'gateway-failure',
        `the gateway failed unexpectedly; quote request id ${exchange.requestId} when reporting it`,
      );
    }
    if (options.closing()) exchange.responseHeaders.connection = 'close';
    const body = answer.body;
    // The one check the buffered path pays for streams; a stream is logged and measured at its head.
    if (body instanceof Readable) relayStream(res, answer, body, exchange.responseHeaders, logger, options.relays);
    else send(res, request.method, answer, body, exchange.responseHeaders, logger);
    options.onAnswered(exchange, res.statusCode, performance.now() - started);
    endSpan(exchange, res.statusCode);
  }

  return (raw, res) => {
    // Only sending or logging can still throw here; it must cost this one connection, not the process.
    serve(raw, res).catch((error: unknown) => {
      logger.error({ err: error }, 'gateway failure after the answer was decided');
      res.destroy();
    });
  };
}

/** Ends the gateway's span once the answer is sent (a stream's at its head, as its metrics and access line). */
function endSpan(exchange: Exchange, status: number): void {
  const { span, route } = exchange;
  if (!span.isRecording()) return;
  if (route) {
    span.updateName(`${exchange.request.method} ${route.path}`);
    span.setAttribute('http.route', route.path);
    span.setAttribute('mosaic.service', route.service);
  }
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Statuses that never carry a body (RFC 9110 §6.4.1). */
const BODILESS = new Set([204, 304]);

/** `given` is `answer.body`, known by now not to be a stream. */
function send(
  res: ServerResponse,
  method: string,
  answer: GatewayAnswer,
  given: Buffer | string | undefined,
  responseHeaders: Record<string, string>,
  logger: Logger,
): void {
  if (res.destroyed || res.headersSent) return; // the client is gone
  const headers: OutgoingHttpHeaders = Object.assign({}, answer.headers, responseHeaders);
  const status = answer.status;
  let body = given;
  if (BODILESS.has(status) || status < 200) {
    body = undefined;
  } else {
    body ??= '';
    headers['content-type'] ??= typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
    // A HEAD answer keeps the upstream's length: it describes the GET's body, not the empty one sent here.
    if (method !== 'HEAD') headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    else body = undefined;
  }
  try {
    res.writeHead(status, headers);
  } catch (error) {
    // An upstream header Node refuses to send (e.g. a character not allowed in a header value).
    logger.error({ err: error, status }, 'the answer could not be sent as received; answering 502');
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', ...responseHeaders });
    res.end('the upstream answer could not be relayed');
    return;
  }
  if (body === undefined) res.end();
  else if (typeof body === 'string') endInOneWrite(res, body, 'utf8');
  // A small Buffer as one latin1 string (byte for byte the same), which Node joins to the head.
  else if (body.length <= ONE_WRITE_MAX_BYTES) endInOneWrite(res, body.toString('latin1'), 'latin1');
  else res.end(body);
}

/**
 * Sends the head and a string body in one `write` syscall. `end(body)` would queue an empty chunk behind the
 * body on the corked socket and turn it into a `writev` of two, which measured dearer per answer (bench/).
 */
function endInOneWrite(res: ServerResponse, body: string, encoding: 'utf8' | 'latin1'): void {
  const socket = res.socket;
  const corkedBefore = socket?.writableCorked ?? 0;
  res.write(body, encoding);
  // `write` corked the socket until the next tick: undo that cork only, never one of someone else's.
  if (socket && corkedBefore === 0) socket.uncork();
  res.end();
}

const ONE_WRITE_MAX_BYTES = 16 * 1024;
