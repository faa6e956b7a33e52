import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'read'; body: Buffer }
  /** More than `limit` bytes arrived; the rest is left unread (Node drains it after the answer). */
  | { kind: 'too-large'; limit: number }
  /** The client went away (or broke the framing) before the body was complete: nobody is left to answer. */
  | { kind: 'aborted' };

/** Whether a request carries a body to read: a length above 0, or a chunked one. GET and HEAD never do. */
export function hasBody(raw: IncomingMessage): boolean {
  if (raw.method === 'GET' || raw.method === 'HEAD') return false;
  const length = raw.headers['content-length'];
  return raw.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Reads a request body whole, up to `limit` bytes. */
export function readBody(raw: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onAbort);
      raw.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done({ kind: 'too-large', limit });
      chunks.push(chunk);
    };
    const onEnd = () => done({ kind: 'read', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onAbort = () => done({ kind: 'aborted' });
    const onClose = () => {
      if (!raw.complete) done({ kind: 'aborted' });
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onAbort);
    raw.on('close', onClose);
  });
}
