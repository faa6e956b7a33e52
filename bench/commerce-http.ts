import { Agent, request } from 'undici';

/** The commerce envelope as far as the bench reads it (every answer, success or refusal, has this shape). */
export interface Envelope<T> {
  result: { result_code: number; result_message: string; result_description: string };
  data: T | null;
}

export interface Answer<T> {
  status: number;
  /** The envelope, or (login) the token body; undefined when the answer was not JSON. */
  body: Envelope<T> | undefined;
  raw: string;
}

/** Epoch ms, fractional: sends, answers and polls are compared on one clock. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * The gateway as a client sees it, over keep-alive connections; `connections` bounds how many requests are on
 * the wire at once (a burst fired all at once needs one per order).
 */
export function gatewayClient(gatewayUrl: string, connections: number) {
  const dispatcher = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 120_000 });
  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, token?: string, body?: unknown) {
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
    let parsed: Envelope<T> | undefined;
    try {
      parsed = JSON.parse(raw) as Envelope<T>;
    } catch {
      parsed = undefined;
    }
    return { status: response.statusCode, body: parsed, raw } satisfies Answer<T>;
  }
  return {
    get: <T>(path: string, token?: string) => call<T>('GET', path, token),
    post: <T>(path: string, body: unknown, token?: string) => call<T>('POST', path, token, body),
    put: <T>(path: string, body: unknown, token?: string) => call<T>('PUT', path, token, body),
    close: () => dispatcher.close(),
  };
}

export type GatewayClient = ReturnType<typeof gatewayClient>;

/** The answer's data when it came with `status`; otherwise an error saying what was asked and what came back. */
export function expectData<T>(answer: Answer<T>, status: number, what: string): T {
  const data = answer.body?.data;
  if (answer.status !== status || data === null || data === undefined) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.raw.slice(0, 300)}`);
  }
  return data;
}

/**
 * Asks again while the answer is 429 or 5xx (a shop still draining a burst, or a breaker giving a service time
 * to recover) for up to `timeoutMs`, then returns the last answer, whatever it is.
 */
export async function whenNotBusy<T>(ask: () => Promise<Answer<T>>, timeoutMs = 30_000): Promise<Answer<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if ((answer.status !== 429 && answer.status < 500) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
