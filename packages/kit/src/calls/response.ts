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

/** An answer made locally, typically by a fallback: `fallback: () => jsonResponse(200, { status: 'queued' })`. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  return upstreamResponse(
    'fallback',
    status,
    { 'content-type': 'application/json', ...headers },
    Buffer.from(JSON.stringify(body)),
  );
}

/** A 5xx says the instance is unwell (a 4xx says the request was wrong): only the former trips a breaker. */
export function isServerError(response: UpstreamResponse): boolean {
  return response.status >= 500;
}

/**
 * What trips a breaker: a 5xx, except a 503 with `Retry-After`. That one is an instance answering on purpose
 * that something behind it is unavailable (fishdelivery's order when payment is down): taking the healthy
 * instance out of rotation would turn one dependency's outage into an outage of every route it serves.
 */
export function isInstanceFailure(response: UpstreamResponse): boolean {
  return isServerError(response) && !(response.status === 503 && response.headers['retry-after'] !== undefined);
}
