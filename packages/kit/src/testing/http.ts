/**
 * What a test gets back. The body is whatever the server sent, so it is `unknown` until the test names the
 * shape it expects (`http.get<OrderPage>(...)`): a test that only passes it to `expect` needs no name.
 */
export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A tiny JSON client for tests: every call returns status, headers and the parsed body (or the text).
 * `defaults` go with every call (e.g. an operator's Authorization); a call's own headers win.
 */
export function jsonClient(baseUrl: string, defaults: Record<string, string> = {}) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown, own: Record<string, string> = {}) => {
    const headers = { ...defaults, ...own };
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // The test's word for the shape, not a check: its assertions are the check.
    return { status: response.status, headers: response.headers, body: parsed as T } satisfies JsonResponse<T>;
  };
  return {
    get: <T = unknown>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body ?? {}, headers),
    patch: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body ?? {}, headers),
    put: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PUT', path, body ?? {}, headers),
    delete: <T = unknown>(path: string, headers?: Record<string, string>) =>
      call<T>('DELETE', path, undefined, headers),
    call,
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;
