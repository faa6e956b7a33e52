import type { Server } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Answer } from './endpoint.ts';

export interface EventStreamOptions {
  /**
   * How often a comment line (`: keep-alive`) goes out, so proxies keep an idle connection open and a dead
   * client is noticed by a failed write. Default 15000.
   */
  heartbeatMs?: number;
  /** How long the client's EventSource waits before reconnecting once the stream ends (`retry:`). Default 3000. */
  retryMs?: number;
}

/** One server-sent event. */
export interface StreamEvent {
  /** Sent back by a reconnecting client as `Last-Event-ID`: make it something the stream can resume from. */
  id?: string;
  /** The event's type (`addEventListener(type)` on an EventSource); default `message`. */
  event?: string;
  /** Sent as JSON, on one `data:` line. */
  data: unknown;
}

/** An open `text/event-stream` answer (`openEventStream`). */
export interface EventStream {
  /** The `Last-Event-ID` the client reconnected with: resume after it. */
  readonly lastEventId: string | undefined;
  /** True once the client went away or `close` was called. */
  readonly closed: boolean;
  /** Queues an event for the client; false once the stream is closed (the event is dropped). */
  send(event: StreamEvent): boolean;
  /** `listener` runs once, when the client goes away or `close` is called (at once if that already happened). */
  onClose(listener: () => void): void;
  /** Ends the stream; the client's EventSource reconnects after `retry`. */
  close(): void;
  /** What the endpoint's handler returns: 200 `text/event-stream` whose body is this stream. */
  readonly answer: Answer;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_RETRY_MS = 3000;
const HEARTBEAT = ': keep-alive\n\n';
const LINE_BREAK = /[\r\n]/;

/** The streams open on each server, so a server that closes ends them instead of waiting minutes on them. */
const openStreams = new WeakMap<Server, Set<() => void>>();

/**
 * Opens a server-sent event stream for this request: the handler returns `stream.answer`, then sends events
 * as they happen until the client leaves or the stream is closed. Declare the endpoint `gateway: { stream: true }`
 * so the gateway relays it as it comes.
 *
 * The `retry:` line goes out at once, so the answer's head reaches the caller (the gateway's deadline covers
 * only the head) before the first event. The answer says `connection: close`: its connection is not reused
 * after minutes of streaming, and a server that closes is not held up by it once the stream ends.
 */
export function openEventStream(request: FastifyRequest, options: EventStreamOptions = {}): EventStream {
  const heartbeatMs = positive(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, 'heartbeatMs');
  const retryMs = positive(options.retryMs ?? DEFAULT_RETRY_MS, 'retryMs');
  const lastEventId = request.headers['last-event-id'];
  // Fastify sends a Readable as it is pushed and destroys it when the client goes away.
  const body = new Readable({ read() {} });
  body.push(`retry: ${Math.round(retryMs)}\n\n`);
  const listeners: (() => void)[] = [];
  const socket = request.raw.socket;
  const server = request.server.server;
  let closed = false;

  const heartbeat = setInterval(() => body.push(HEARTBEAT), heartbeatMs);
  heartbeat.unref();

  const shut = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    socket.off('close', shut);
    body.off('close', shut);
    openStreams.get(server)?.delete(close);
    for (const listener of listeners.splice(0)) notify(listener);
  };
  const notify = (listener: () => void) => {
    try {
      listener();
    } catch (error) {
      // A listener's failure must not become an uncaught exception in a socket's close event.
      request.log.error({ err: error }, 'an event stream onClose listener failed');
    }
  };
  function close(): void {
    if (closed) return;
    body.push(null);
    shut();
  }

  // The body's close covers a client gone while Fastify sends it; the socket's, a client gone before that.
  socket.on('close', shut);
  body.on('close', shut);
  let streams = openStreams.get(server);
  if (!streams) {
    streams = new Set();
    openStreams.set(server, streams);
  }
  streams.add(close);
  // A HEAD answer carries no body (Fastify drains it): end at once rather than feed the drain until the socket goes.
  if (request.method === 'HEAD') close();

  return {
    lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
    get closed() {
      return closed;
    },
    send(event) {
      if (closed) return false;
      body.push(encodeEvent(event));
      return true;
    },
    onClose(listener) {
      if (closed) notify(listener);
      else listeners.push(listener);
    },
    close,
    answer: new Answer(
      200,
      body,
      { 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'close' },
      'text/event-stream; charset=utf-8',
    ),
  };
}

/** Ends every event stream open on `server`: the service is stopping (http-app.ts calls it before closing). */
export function closeEventStreams(server: Server): void {
  const streams = openStreams.get(server);
  if (!streams) return;
  for (const close of [...streams]) close();
}

/** The event's lines: a field with a line break would end the event early or forge another field, so it is refused. */
function encodeEvent(event: StreamEvent): string {
  const data = JSON.stringify(event.data);
  if (data === undefined) throw new TypeError('an event stream sends its data as JSON: give data a JSON value');
  let text = '';
  if (event.id !== undefined) {
    if (LINE_BREAK.test(event.id) || event.id.includes('\0')) {
      throw new TypeError(`an event id may not contain a line break or NUL, got ${JSON.stringify(event.id)}`);
    }
    text += `id: ${event.id}\n`;
  }
  if (event.event !== undefined) {
    if (LINE_BREAK.test(event.event)) {
      throw new TypeError(`an event type may not contain a line break, got ${JSON.stringify(event.event)}`);
    }
    text += `event: ${event.event}\n`;
  }
  return `${text}data: ${data}\n\n`;
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
