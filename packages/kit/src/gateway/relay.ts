import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from '../observability/logger.ts';
import type { GatewayAnswer } from './pipeline.ts';

/** How to end each stream the gateway is relaying: a closing gateway ends them rather than wait minutes on them. */
export type OpenRelays = Set<() => void>;

/**
 * Sends a `stream` route's answer: the head at once, then the body chunk by chunk as the service sends it.
 * Whichever side goes first ends the other: a client that leaves aborts the request upstream (the service
 * sees its client go), and an upstream that ends or breaks ends the client's answer. No length is known, so
 * Node sends it chunked; the connection is not kept after minutes of streaming, so it says `connection: close`.
 */
export function relayStream(
  res: ServerResponse,
  answer: GatewayAnswer,
  body: Readable,
  responseHeaders: Record<string, string>,
  logger: Logger,
  open: OpenRelays,
): void {
  if (res.destroyed || res.headersSent) {
    body.destroy(); // the client is gone: so is the reason to keep the upstream request open
    return;
  }
  const headers: OutgoingHttpHeaders = Object.assign({}, answer.headers, responseHeaders);
  headers.connection = 'close';
  try {
    res.writeHead(answer.status, headers);
  } catch (error) {
    logger.error(
      { err: error, status: answer.status },
      'the streamed answer could not be sent as received; answering 502',
    );
    body.destroy();
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', ...responseHeaders, connection: 'close' });
    res.end('the upstream answer could not be relayed');
    return;
  }
  // The head now, not with the first chunk: the client learns the status even if the first event is minutes away.
  res.flushHeaders();
  const stop = () => {
    body.unpipe(res);
    body.destroy();
    res.end();
  };
  open.add(stop);
  res.on('close', () => {
    open.delete(stop);
    if (!body.readableEnded) body.destroy();
  });
  body.on('error', (error) => {
    logger.warn({ err: error }, 'the upstream stream broke; ending the answer');
    // Destroyed, not ended: a cut-off body must not look complete to the client.
    res.destroy();
  });
  body.pipe(res);
}
