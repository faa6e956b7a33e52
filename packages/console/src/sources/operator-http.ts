import type { ConsoleSource } from './source.ts';

/** An answer from a process, body parsed when it is JSON. */
export interface ProcessAnswer {
  status: number;
  body: unknown;
}

/** Short: a token the console mints for itself is worth little if it leaks, and a new one costs a signature. */
const OWN_TOKEN_TTL_SEC = 300;
const RENEW_BEFORE_MS = 60_000;
/** A process that takes longer is shown as not answering rather than holding up the whole view. */
const DEFAULT_TIMEOUT_MS = 2_000;
/** More than any operator route answers; a bigger answer is not read. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export interface OperatorHttp {
  /** Calls a process's route as the system's operator (`/admin/*`; harmless on routes that need no token). */
  call(
    system: string,
    url: string,
    path: string,
    request?: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number },
  ): Promise<ProcessAnswer>;
}

/**
 * HTTP to the systems' processes with an operator token of each system, minted here from the system's key
 * (as `mosaic dlq` does) and renewed before it expires.
 */
export function operatorHttp(source: ConsoleSource): OperatorHttp {
  const tokens = new Map<string, { token: string; until: number }>();
  const tokenOf = async (system: string) => {
    const known = tokens.get(system);
    if (known && known.until - RENEW_BEFORE_MS > Date.now()) return known.token;
    const token = await (await source.operators(system)).issue(OWN_TOKEN_TTL_SEC);
    tokens.set(system, { token, until: Date.now() + OWN_TOKEN_TTL_SEC * 1000 });
    return token;
  };
  return {
    async call(system, url, path, request = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${await tokenOf(system)}` };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method: request.method ?? 'GET',
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      return { status: response.status, body: await bodyOf(response) };
    },
  };
}

/** A plain GET with a deadline, for what needs no token (`/metrics`, `/livez`, `/readyz`, `/openapi.json`). */
export async function fetchText(
  url: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await limitedText(response) };
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await limitedText(response);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function limitedText(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new Error(`the answer is ${length} bytes, more than the console reads (${MAX_ANSWER_BYTES})`);
  }
  return response.text();
}
