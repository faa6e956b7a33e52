/**
 * The page's only way to the console server. A 401 asks the person for an operator token (kept in
 * sessionStorage, so it dies with the tab) and every later call carries it.
 */

const TOKEN_KEY = 'mosaic.console.operatorToken';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const authListeners = new Set<Listener>();
let tokenWanted = false;

export function operatorToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Saves the token and tells every view to fetch again with it. */
export function setOperatorToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  tokenWanted = false;
  for (const listener of authListeners) listener();
}

export function forgetOperatorToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  for (const listener of authListeners) listener();
}

/** True after a 401 and until a token is given. */
export function isTokenWanted(): boolean {
  return tokenWanted;
}

export function onAuthChange(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = operatorToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Relative to the page, so the console works under whatever prefix serves it.
  const response = await fetch(`./api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 401) {
    if (!tokenWanted) {
      tokenWanted = true;
      for (const listener of authListeners) listener();
    }
    throw new ApiError(401, 'the console wants an operator token');
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  // The server's word for the shape: api.ts is the contract both sides compile against.
  return (await response.json()) as T;
}

/** The problem+json `detail` (or `title`) when the server sent one, so the person reads why. */
async function problemOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown; message?: unknown };
    const said = problem.detail ?? problem.message ?? problem.title;
    if (typeof said === 'string') return `${response.status}: ${said}`;
  } catch {
    // not JSON: the text itself
  }
  return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, undefined, signal);
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>('POST', path, body);
}
