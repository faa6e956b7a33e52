/** What an instance answered: the whole body is read before the call resolves, within its deadline. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** Parses the body as JSON; throws an error naming the service when it is not JSON. */
  json<T>(): T;
}

export function upstreamResponse(
  service: string,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
): UpstreamResponse {
  return {
    status,
    headers,
    body,
    json<T>(): T {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch (error) {
        const excerpt = body.subarray(0, 80).toString('utf8');
        throw new Error(`the ${service} service answered ${status} with a body that is not JSON: ${excerpt}`, {
          cause: error,
        });
      }
    },
  };
}

/**
 * What the breaker and the retry rules judge an answer by: its status and headers, whether its body was read
 * whole (`request`) or is still flowing (`openStream`).
 */
export type AnswerHead = Pick<UpstreamResponse, 'status' | 'headers'>;

/** An answer made locally, typically by a fallback: `fallback: () => jsonResponse(200, { status: 'queued' })`. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  return upstreamResponse(
    'fallback',
    status,
    { 'content-type': 'application/json', ...headers },
    Buffer.from(JSON.stringify(body)),
  );
}

/** A 5xx: the request failed on the server's side (a 4xx says the request was wrong). */
export function isServerError(response: AnswerHead): boolean {
  return response.status >= 500;
}

/**
 * A 503 with `Retry-After` is an instance answering on purpose that something behind it is unavailable
 * (fishdelivery's order when payment is down): taking the healthy instance out of rotation would turn one
 * dependency's outage into an outage of every route it serves. It counts toward no breaker.
 */
function isDeliberate(response: AnswerHead): boolean {
  return response.status === 503 && response.headers['retry-after'] !== undefined;
}

/** A 5xx that counts toward the error rate: any but a deliberate 503. */
export function isServerFailure(response: AnswerHead): boolean {
  return isServerError(response) && !isDeliberate(response);
}

/**
 * An answer that says the instance (or its proxy) is unwell, not that this request was bad: 502, 504, or a 503
 * without Retry-After. Counted as consecutive failures, and retried elsewhere for an idempotent request; a 500
 * is neither (it is most often the request's own doing, and the same request would fail again).
 */
export function isUnwellAnswer(response: AnswerHead): boolean {
  const { status } = response;
  return (status === 502 || status === 504 || status === 503) && !isDeliberate(response);
}
