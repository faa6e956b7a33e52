// The rooms gateway as a client sees it: plain JSON (rooms answers its resources bare, errors as problem
// details), the methods rooms routes use (PATCH for approval and check-out), and each answer's latency.
import { Agent, request } from 'undici';
import { now } from './commerce-http.ts';

export interface Timed {
  status: number;
  /** The parsed JSON answer, or undefined when it was not JSON (an empty 404, a proxy's HTML). */
  body: unknown;
  raw: string;
  startedAt: number;
  ms: number;
}

/** Over keep-alive connections; `connections` bounds the requests on the wire at once (one per siege client). */
export function roomsClient(gatewayUrl: string, connections: number) {
  const dispatcher = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 60_000 });
  async function call(method: 'GET' | 'POST' | 'PATCH', path: string, token?: string, body?: unknown) {
    const startedAt = now();
    const response = await request(`${gatewayUrl}${path}`, {
      method,
      dispatcher,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const raw = await response.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    return { status: response.statusCode, body: parsed, raw, startedAt, ms: now() - startedAt } satisfies Timed;
  }
  return {
    get: (path: string, token?: string) => call('GET', path, token),
    post: (path: string, body: unknown, token?: string) => call('POST', path, token, body),
    patch: (path: string, body: unknown, token?: string) => call('PATCH', path, token, body),
    close: () => dispatcher.close(),
  };
}

export type RoomsClient = ReturnType<typeof roomsClient>;

/** The answer's body when it came with `status`; otherwise an error saying what was asked and what came back. */
export function expectBody(answer: Timed, status: number, what: string): unknown {
  if (answer.status !== status || answer.body === undefined) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.raw.slice(0, 300)}`);
  }
  return answer.body;
}

/** `body.id` as rooms answers every resource, or an error naming what was asked. */
export function idOf(answer: Timed, status: number, what: string): number {
  const body = expectBody(answer, status, what);
  const id = typeof body === 'object' && body !== null && 'id' in body ? body.id : undefined;
  if (typeof id !== 'number') throw new Error(`${what}: no numeric id in ${answer.raw.slice(0, 300)}`);
  return id;
}

/** A list answer (rooms answers collections as bare arrays), or an error. */
export function rowsOf(answer: Timed, what: string): Record<string, unknown>[] {
  const body = expectBody(answer, 200, what);
  if (!Array.isArray(body)) throw new Error(`${what}: expected a list, got ${answer.raw.slice(0, 300)}`);
  return body as Record<string, unknown>[];
}
